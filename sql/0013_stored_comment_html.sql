-- Render once: a comment's HTML is stored when its text is written, and reads copy it.
-- html_version names the renderer's rules that produced it (0: none yet); HTML of another
-- version is not served, and `parley serve` renders such comments again in the background.
-- Existing comments start at 0 and are rendered on reading until that catches up.
ALTER TABLE comments ADD COLUMN html text, ADD COLUMN html_version integer NOT NULL DEFAULT 0;
