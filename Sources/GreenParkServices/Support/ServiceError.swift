import GreenParkCore

/// A request a use case cannot carry out, with a stable code and a message the user can act
/// on: bad input (the CLI exits 2) unless `isBadInput` is false (a failure: exit 1).
public struct ServiceError: GreenParkError {
    public let code: String
    public let message: String
    public let isBadInput: Bool

    public init(_ code: String, _ message: String, badInput: Bool = true) {
        self.code = code
        self.message = message
        self.isBadInput = badInput
    }
}
