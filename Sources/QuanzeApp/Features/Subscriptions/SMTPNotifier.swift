import Foundation
import NIOCore
import QuanzeDomain
import QuanzePersistence

/// E-mail through the county's SMTP server (`SMTP_HOST`, `SMTP_PORT`, `SMTP_FROM`, and `SMTP_USER` /
/// `SMTP_PASSWORD` for AUTH PLAIN; `SMTP_TLS=implicit` for a TLS port such as 465). STARTTLS is not spoken: a
/// relay on the internal network or an implicit-TLS port is what a county's mail server offers.
struct SMTPNotifier: Notifier {
    var host: String
    var port: Int
    var tls: Bool
    var from: String
    var user: String?
    var password: String?
    /// The name given in EHLO and in the Message-ID.
    var domain = "quanze.local"

    /// The message as sent after DATA: headers (the subject as an RFC 2047 encoded word), a UTF-8 body in base64
    /// lines of 76 characters, CRLF line endings, ending with the lone dot.
    static func message(_ n: Notice, from: String, date: Date, domain: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let subject = "=?UTF-8?B?\(Data(n.subject.utf8).base64EncodedString())?="
        let id = Secrets.sha256(Data((n.eventID + n.target).utf8)).prefix(32)
        let body = Data(n.body.replacingOccurrences(of: "\n", with: "\r\n").utf8).base64EncodedString(
            options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        let headers = [
            "From: \(from)", "To: \(n.target)", "Subject: \(subject)", "Date: \(formatter.string(from: date))",
            "Message-ID: <\(id)@\(domain)>", "X-Quanze-Event: \(n.eventID)", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64",
        ]
        // base64 never starts a line with a dot, so no dot-stuffing is needed.
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + body + "\r\n.\r\n"
    }

    func deliver(_ n: Notice) async throws {
        let data = Self.message(n, from: from, date: Date(), domain: domain)
        let (from, user, password, domain) = (from, user, password, domain)
        try await NetworkConnection.with(host: host, port: port, tls: tls) { reader, writer in
            func reply(_ expected: Int) async throws {
                while true {
                    guard let line = try await reader.line() else {
                        throw DeliveryError(description: "邮件服务器断开连接")
                    }
                    let code = Int(line.prefix(3)) ?? 0
                    if line.count > 3 && line[line.index(line.startIndex, offsetBy: 3)] == "-" { continue }
                    guard code == expected else {
                        throw DeliveryError(description: "邮件服务器应答：\(line.prefix(200))")
                    }
                    return
                }
            }
            func send(_ command: String, _ expected: Int) async throws {
                try await writer.write(ByteBuffer(string: command + "\r\n"))
                try await reply(expected)
            }
            try await reply(220)
            try await send("EHLO \(domain)", 250)
            if let user, let password {
                let token = Data("\u{0}\(user)\u{0}\(password)".utf8).base64EncodedString()
                try await send("AUTH PLAIN \(token)", 235)
            }
            try await send("MAIL FROM:<\(Self.address(from))>", 250)
            try await send("RCPT TO:<\(n.target)>", 250)
            try await send("DATA", 354)
            try await writer.write(ByteBuffer(string: data))
            try await reply(250)
            try? await writer.write(ByteBuffer(string: "QUIT\r\n"))
        }
    }

    /// The bare address of a From header (`权责清单 <noreply@example.gov.cn>` → `noreply@example.gov.cn`).
    static func address(_ from: String) -> String {
        guard let open = from.lastIndex(of: "<"), let close = from.lastIndex(of: ">"), open < close else {
            return from
        }
        return String(from[from.index(after: open)..<close])
    }
}
