import Foundation
import NIOCore
import NIOPosix
import QuanzeDomain
import QuanzePersistence
import Testing

@testable import QuanzeApp

/// The e-mail notifier: the message it writes, and its SMTP dialogue against a scripted server on a local port; the
/// settings from the environment.
@Suite("Notifiers")
struct NotifierTests {
    static let mail = Notice(
        channel: .email, target: "li@example.cn", eventID: "urn:quanze:510304:change:7", subject: "【权责清单变更】清单新增",
        body: "大山铺镇执法清单新增事项\n退订：https://qz.example.cn/subscriptions/unsubscribe?id=DY-0001&token=ab")

    @Test("the message: encoded subject, base64 UTF-8 body in CRLF lines, ending with the lone dot")
    func message() throws {
        // act
        let text = SMTPNotifier.message(
            Self.mail, from: "权责清单 <noreply@example.gov.cn>", date: Date(timeIntervalSince1970: 1_700_000_000),
            domain: "qz.example.cn")
        // check
        let parts = text.components(separatedBy: "\r\n\r\n")
        #expect(parts.count == 2)
        let headers = parts[0].components(separatedBy: "\r\n")
        #expect(headers.contains("To: li@example.cn"))
        #expect(headers.contains("Subject: =?UTF-8?B?\(Data("【权责清单变更】清单新增".utf8).base64EncodedString())?="))
        #expect(headers.contains("Date: Wed, 15 Nov 2023 06:13:20 +0800"))
        #expect(headers.contains("X-Quanze-Event: urn:quanze:510304:change:7"))
        #expect(headers.contains("Content-Transfer-Encoding: base64"))
        #expect(parts[1].hasSuffix("\r\n.\r\n"))
        // "\r\n" is one Character in Swift: the ending "\r\n.\r\n" is three
        let lines = parts[1].dropLast("\r\n.\r\n".count).components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.count <= 76 })
        let decoded = try #require(Data(base64Encoded: lines.joined()))
        #expect(String(decoding: decoded, as: UTF8.self) == Self.mail.body.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(SMTPNotifier.address("权责清单 <noreply@example.gov.cn>") == "noreply@example.gov.cn")
    }

    /// A scripted SMTP server on a local port: answers each command and records what it was sent.
    actor Transcript {
        var lines: [String] = []
        func add(_ line: String) { lines.append(line) }
    }

    static func smtpServer(_ transcript: Transcript, refuseRecipient: Bool) async throws -> (Int, Task<Void, any Error>)
    {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let port = try #require(server.channel.localAddress?.port)
        let task = Task {
            try await server.executeThenClose { connections in
                for try await connection in connections {
                    try await connection.executeThenClose { inbound, outbound in
                        var reader = LineReader(inbound.makeAsyncIterator())
                        try await outbound.write(ByteBuffer(string: "220 test ESMTP\r\n"))
                        var inData = false
                        while let line = try await reader.line() {
                            await transcript.add(line)
                            if inData {
                                if line == "." {
                                    inData = false
                                    try await outbound.write(ByteBuffer(string: "250 queued\r\n"))
                                }
                                continue
                            }
                            let reply: String
                            switch line.prefix(4).uppercased() {
                            case "EHLO": reply = "250-test\r\n250 AUTH PLAIN\r\n"
                            case "AUTH": reply = "235 ok\r\n"
                            case "MAIL": reply = "250 ok\r\n"
                            case "RCPT": reply = refuseRecipient ? "550 no such user\r\n" : "250 ok\r\n"
                            case "DATA":
                                inData = true
                                reply = "354 go ahead\r\n"
                            case "QUIT":
                                try await outbound.write(ByteBuffer(string: "221 bye\r\n"))
                                return
                            default: reply = "500 what\r\n"
                            }
                            try await outbound.write(ByteBuffer(string: reply))
                        }
                    }
                    return
                }
            }
        }
        return (port, task)
    }

    @Test("the SMTP dialogue: EHLO, AUTH PLAIN, MAIL, RCPT, DATA, QUIT; a refused recipient is an error")
    func dialogue() async throws {
        // setup
        let transcript = Transcript()
        let (port, server) = try await Self.smtpServer(transcript, refuseRecipient: false)
        let notifier = SMTPNotifier(
            host: "127.0.0.1", port: port, tls: false, from: "权责清单 <noreply@example.gov.cn>", user: "qz",
            password: "pw")
        // act
        try await notifier.deliver(Self.mail)
        try? await server.value
        let refusing = Transcript()
        let (port2, server2) = try await Self.smtpServer(refusing, refuseRecipient: true)
        var notifier2 = notifier
        notifier2.port = port2
        let refused = await #expect(throws: DeliveryError.self) { try await notifier2.deliver(Self.mail) }
        server2.cancel()
        // check
        let lines = await transcript.lines
        #expect(lines.first == "EHLO quanze.local")
        #expect(lines[1] == "AUTH PLAIN \(Data("\u{0}qz\u{0}pw".utf8).base64EncodedString())")
        #expect(lines[2] == "MAIL FROM:<noreply@example.gov.cn>")
        #expect(lines[3] == "RCPT TO:<li@example.cn>")
        #expect(lines[4] == "DATA")
        #expect(lines.contains("To: li@example.cn"))
        #expect(lines.last == "QUIT")
        #expect(refused?.description == "邮件服务器应答：550 no such user")
    }

    @Test("settings: the logging notifier by default; live needs the mail server; every problem is named")
    func settings() {
        // act
        var problems: [String] = []
        let standard = NotificationSettings.fromEnvironment([:], problems: &problems)
        var liveProblems: [String] = []
        _ = NotificationSettings.fromEnvironment(
            ["QUANZE_NOTIFIER": "live", "SMTP_PORT": "x", "QUANZE_NOTIFY_INTERVAL": "-1", "SMTP_USER": "u"],
            problems: &liveProblems)
        var tlsProblems: [String] = []
        let tls = NotificationSettings.fromEnvironment(
            ["SMTP_TLS": "implicit", "QUANZE_SMS_GATEWAY_URL": "https://sms.example.cn/send"], problems: &tlsProblems)
        // check
        #expect(problems.isEmpty)
        #expect(standard.mode == .log && standard.interval == 30 && standard.smtpPort == 25)
        #expect(
            liveProblems == [
                "配置项 QUANZE_NOTIFY_INTERVAL=-1 无效：应为 0–3600 的整数（秒，0 表示服务内不发送）",
                "配置项 SMTP_PORT=x 无效：应为 1–65535 的整数",
                "QUANZE_NOTIFIER=live 需要 SMTP_HOST 和 SMTP_FROM（发送邮件的服务器与发件地址）",
                "配置了 SMTP_USER 但缺少 SMTP_PASSWORD",
            ])
        #expect(tlsProblems.isEmpty)
        #expect(tls.smtpTLS && tls.smtpPort == 465 && tls.smsGateway == "https://sms.example.cn/send")
    }
}
