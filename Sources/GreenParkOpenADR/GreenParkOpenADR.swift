/// The OpenADR 3.1.0 OpenAPI document (openapi.yaml, the OpenADR Alliance's, unchanged;
/// SOURCE.md) as Swift: swift-openapi-generator makes the types and the server side of the
/// operations listed in openapi-generator-config.yaml (programs, events, reports,
/// subscriptions, vens) at build time. GreenParkServer's `VTN` implements them.
public enum OpenADRDocument {
    /// The document's version.
    public static let version = "3.1.0"
}
