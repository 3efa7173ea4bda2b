import GreenParkServices
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// Posts the VTN's notifications to subscribers' `callbackUrl`s (plain `http://` only) on
/// SwiftNIO's HTTP/1.1 client: each attempt within `timeout`; a callback that cannot be
/// reached, does not answer in time or answers 5xx is tried again after 1 s and 2 s
/// (`attempts` in all), then the failure is logged and dropped; never awaited by the request
/// that caused it. A 4xx answer is the subscriber's refusal: logged, not retried.
struct WebhookClient: Sendable {
    var timeout: TimeAmount = .seconds(10)
    var attempts = 3
    /// Wait before attempt `n + 1` (n from 1).
    var backoff: @Sendable (Int) -> Duration = { .seconds($0) }
    let logger: Logger

    /// Posts `body` (JSON) to `url`; the answer's status code.
    func post(_ url: String, body: [UInt8], bearer: String?) async throws -> UInt {
        try await HTTPExchange.send(.POST, url, body: body, bearer: bearer, timeout: timeout).status
    }
}

extension WebhookClient {
    /// Sends each notification in turn, retrying as the type says; a failure is logged and the
    /// next one is sent.
    func send(_ notifications: [DemandResponseNotification]) async {
        for notification in notifications {
            var attempt = 0
            while true {
                attempt += 1
                var failure: String
                do {
                    let status = try await post(notification.callbackUrl, body: notification.body.bytes,
                                                bearer: notification.bearerToken)
                    if (200..<300).contains(status) { break }
                    if (400..<500).contains(status) {
                        logger.warning("a subscriber's callback refused a notification", metadata: [
                            "subscription": "\(notification.subscriptionID)", "status": "\(status)"])
                        break
                    }
                    failure = "status \(status)"
                } catch {
                    failure = "\(error)"
                }
                guard attempt < attempts else {
                    logger.warning("a notification could not be delivered", metadata: [
                        "subscription": "\(notification.subscriptionID)", "url": "\(notification.callbackUrl)",
                        "attempts": "\(attempt)", "error": "\(failure)"])
                    break
                }
                try? await Task.sleep(for: backoff(attempt))
            }
        }
    }
}
