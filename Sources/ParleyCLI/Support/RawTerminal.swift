import Foundation
import ParleyCore

/// The terminal in "one key at a time" mode for `queue review`: no line buffering, no echo,
/// Ctrl-C arriving as a key. The previous settings come back on `restore()`, on exit, and on
/// SIGTERM/SIGHUP, so a quit or a kill never leaves the user's shell broken.
final class RawTerminal {
    private let descriptor = STDIN_FILENO
    private var restored = false

    init() throws {
        guard isatty(descriptor) == 1 else {
            throw Self.notATerminal
        }
        var original = termios()
        guard tcgetattr(descriptor, &original) == 0 else { throw Self.notATerminal }
        savedTerminal = original
        savedTerminalValid = true
        var raw = original
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        tcsetattr(descriptor, TCSAFLUSH, &raw)
        atexit { restoreSavedTerminal() }
        for signal in [SIGTERM, SIGHUP] {
            Foundation.signal(signal) { number in
                restoreSavedTerminal()
                Foundation.signal(number, SIG_DFL)
                raise(number)
            }
        }
    }

    deinit { restore() }

    func restore() {
        guard !restored else { return }
        restored = true
        restoreSavedTerminal()
    }

    /// One key press (one byte; escape sequences come as several). nil at end of input.
    func readKey() -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let count = read(descriptor, &byte, 1)
            if count == 1 { return byte }
            if count < 0 && errno == EINTR { continue }
            return nil
        }
    }

    /// A line typed at a prompt, echoed as typed; Enter ends it, Escape or Ctrl-C cancels (nil).
    func readLine(prompt: String, output: Terminal) -> String? {
        output.write(prompt)
        var bytes: [UInt8] = []
        while let key = readKey() {
            switch key {
            case 13, 10:
                output.write("\n")
                return String(decoding: bytes, as: UTF8.self)
            case 27, 3:
                output.write("\n")
                return nil
            case 127, 8:
                if !bytes.isEmpty {
                    // Drop a whole UTF-8 character.
                    repeat { bytes.removeLast() } while !bytes.isEmpty && bytes.last! & 0xC0 == 0x80
                    output.write("\u{8} \u{8}")
                }
            default:
                if key >= 32 || key >= 0x80 {
                    bytes.append(key)
                    output.write(String(decoding: [key], as: UTF8.self))
                }
            }
        }
        return nil
    }
}

extension RawTerminal {
    static let notATerminal = ParleyError.invalid(
        "parley queue review needs a terminal; in scripts use `parley queue --jsonl` and `parley approve|reject|spam ID...`.",
        code: "not_a_terminal")
}

// The settings to put back, reachable from atexit and signal handlers (which cannot capture).
nonisolated(unsafe) private var savedTerminal = termios()
nonisolated(unsafe) private var savedTerminalValid = false

private func restoreSavedTerminal() {
    guard savedTerminalValid else { return }
    var settings = savedTerminal
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &settings)
}
