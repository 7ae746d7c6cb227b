import PostgresNIO
import SQLiteKit

/// A write refused by a uniqueness rule of the schema — the loser of two identical requests racing each other (two
/// clicks, a client's retry). Callers answer it as 409 in Chinese, never as a server error: the first request's
/// write stands and the second changes nothing.
public enum WriteConflict {
    /// Whether `error` is a unique or primary-key violation, on either engine.
    public static func isUniqueViolation(_ error: any Error) -> Bool {
        if let e = error as? SQLiteError {
            switch e.reason {
            case .constraint, .constraintUniqueFailed, .constraintPrimaryKeyFailed, .constraintUniqueRowIDFailed:
                return true
            default: return false
            }
        }
        if let e = error as? PSQLError { return e.serverInfo?[.sqlState] == "23505" }
        return false
    }
}

/// A create that would repeat what is already stored (a double submission found by the check inside the write's
/// transaction): answered as 409 with the message, nothing written.
public struct DuplicateSubmission: Error, Equatable, Sendable {
    public var message: String

    public init(_ message: String) { self.message = message }
}
