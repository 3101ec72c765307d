// Text normalization and matching live here.
