import Foundation

/// Keys held one at a time across threads: ``IngestService`` stores one batch per
/// idempotency key at a time (two at once would both pass the check and store two batches
/// under one key). A second holder of a key waits until the first releases it.
final class KeyLock: @unchecked Sendable {
    private let condition = NSCondition()
    private var held: Set<String> = []

    /// Waits until `key` is free, then holds it.
    func acquire(_ key: String) {
        condition.lock()
        while held.contains(key) { condition.wait() }
        held.insert(key)
        condition.unlock()
    }

    func release(_ key: String) {
        condition.lock()
        held.remove(key)
        condition.broadcast()
        condition.unlock()
    }
}
