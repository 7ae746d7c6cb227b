import Crypto
import Foundation

/// Random secrets (session ids, CSRF and API tokens) and the digests under which they are stored.
public enum Secrets {
    /// 32 random bytes from the system's cryptographic generator, as 64 hex characters.
    public static func random(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        return hex((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// SHA-256 of a secret: a stolen database does not give working sessions or tokens.
    public static func digest(_ secret: String) -> String { sha256Hex(secret) }

    /// SHA-256 of bytes as 64 hex characters (file checksums, request bodies).
    public static func sha256(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

    /// Compares two secrets in time independent of where they differ.
    public static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
