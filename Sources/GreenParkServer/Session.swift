import Foundation
import Synchronization

/// A dashboard session: made when a user signs in with its token, named by a random id in an
/// HttpOnly, SameSite=Strict cookie; its forms carry ``csrf``.
public struct Session: Sendable {
    public let id: String
    /// The token the user signed in with (checked again on every request: revoking it ends the session).
    let token: String
    public let csrf: String
    public let language: String
    let expires: Date
}

/// The server's sessions, in memory (a restart signs everybody out), each for 8 hours.
final class SessionStore: Sendable {
    private let sessions = Mutex([String: Session]())
    static let lifetime: TimeInterval = 8 * 3600

    func create(token: String, language: String) -> Session {
        let session = Session(id: Self.random(), token: token, csrf: Self.random(), language: language,
                              expires: Date().addingTimeInterval(Self.lifetime))
        sessions.withLock { $0[session.id] = session }
        return session
    }

    func session(_ id: String) -> Session? {
        sessions.withLock { sessions in
            guard let session = sessions[id] else { return nil }
            guard session.expires > Date() else {
                sessions[id] = nil
                return nil
            }
            return session
        }
    }

    func remove(_ id: String) { _ = sessions.withLock { $0.removeValue(forKey: id) } }

    /// 32 random bytes as hex.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
