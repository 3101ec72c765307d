// The rules engine lives here.
