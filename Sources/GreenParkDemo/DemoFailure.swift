import GreenParkCore

/// The demo could not be set up.
public struct DemoFailure: GreenParkError {
    public var message: String

    public init(message: String) { self.message = message }
    public var code: String { "demo.failed" }
    public var isBadInput: Bool { false }
}
