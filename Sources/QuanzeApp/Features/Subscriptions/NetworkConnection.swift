import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import QuanzeDomain
import QuanzePersistence

/// Why a notifier's network exchange failed (kept in the outbox as the message's last error).
struct DeliveryError: Error, CustomStringConvertible {
    var description: String
}

/// A plain or TLS TCP connection for the notifiers (an HTTP POST, an SMTP dialogue), with a deadline on the whole
/// exchange. The project's dependencies have SwiftNIO and NIOSSL but no HTTP client; the notifiers need only a
/// request and a status line, or SMTP's few commands, so this is all they use.
struct NetworkConnection {
    /// How long one exchange (connect, send, answer) may take.
    static let timeout: Duration = .seconds(20)

    /// Connects to `host:port`, runs `body` with a reader and writer, and closes the connection.
    static func with<T: Sendable>(
        host: String, port: Int, tls: Bool,
        _ body: @escaping @Sendable (inout LineReader, NIOAsyncChannelOutboundWriter<ByteBuffer>) async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask {
                let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connectTimeout(.seconds(10))
                    .connect(host: host, port: port) { channel in
                        channel.eventLoop.makeCompletedFuture {
                            if tls {
                                let context = try NIOSSLContext(configuration: .makeClientConfiguration())
                                try channel.pipeline.syncOperations.addHandler(
                                    try NIOSSLClientHandler(context: context, serverHostname: host))
                            }
                            return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                        }
                    }
                return try await channel.executeThenClose { inbound, outbound in
                    var reader = LineReader(inbound.makeAsyncIterator())
                    return try await body(&reader, outbound)
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw DeliveryError(description: "连接 \(host):\(port) 超时")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }
}

/// Reads CRLF-terminated lines from a connection.
struct LineReader {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var buffer = ByteBuffer()

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }

    /// The next line without its line ending; nil when the peer closed.
    mutating func line() async throws -> String? {
        while true {
            if let index = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                let length = index - buffer.readerIndex + 1
                // Trimmed as bytes: in a Swift string "\r\n" is one Character, which hasSuffix("\n") does not see.
                var bytes = buffer.readBytes(length: length) ?? []
                while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") {
                    bytes.removeLast()
                }
                return String(decoding: bytes, as: UTF8.self)
            }
            guard var chunk = try await iterator.next() else {
                guard buffer.readableBytes > 0 else { return nil }
                return buffer.readString(length: buffer.readableBytes)
            }
            buffer.writeBuffer(&chunk)
            guard buffer.readableBytes < 1 << 20 else { throw DeliveryError(description: "对方应答过长") }
        }
    }
}

/// An HTTP/1.1 POST of a JSON body; any 2xx status is success, anything else an error with the status.
enum HTTPPost {
    static func send(_ urlText: String, headers: [(String, String)], body: String) async throws {
        guard let url = URL(string: urlText), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host
        else { throw DeliveryError(description: "无效的推送地址：\(urlText)") }
        let tls = scheme == "https"
        let port = url.port ?? (tls ? 443 : 80)
        var path = url.path.isEmpty ? "/" : url.path
        if let query = url.query { path += "?" + query }
        let bytes = Array(body.utf8)
        var head = "POST \(path) HTTP/1.1\r\nHost: \(host)\(url.port.map { ":\($0)" } ?? "")\r\n"
        head += "User-Agent: Quanze-Notifier/1\r\nContent-Type: application/json; charset=utf-8\r\n"
        head += "Content-Length: \(bytes.count)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        let request = head
        let status = try await NetworkConnection.with(host: host, port: port, tls: tls) { reader, writer in
            var buffer = ByteBuffer(string: request)
            buffer.writeBytes(bytes)
            try await writer.write(buffer)
            guard let line = try await reader.line() else { throw DeliveryError(description: "对方未应答") }
            let parts = line.split(separator: " ")
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let code = Int(parts[1]) else {
                throw DeliveryError(description: "无效的 HTTP 应答：\(line.prefix(80))")
            }
            return code
        }
        guard (200..<300).contains(status) else { throw DeliveryError(description: "对方应答 HTTP \(status)") }
    }
}

/// A webhook: the JSON body POSTed as it is, with its event id and its HMAC signature.
struct WebhookNotifier: Notifier {
    func deliver(_ n: Notice) async throws {
        var headers = [("X-Quanze-Event", n.eventID)]
        if let signature = n.signature { headers.append(("X-Quanze-Signature", signature)) }
        try await HTTPPost.send(n.target, headers: headers, body: n.body)
    }
}

/// An SMS or WeChat gateway: the county's gateway takes a JSON request (`{"to", "text", "event"}`) at its URL,
/// with a bearer token when one is configured; what the gateway does with it (the carrier's or WeChat's API) is
/// the gateway's.
struct GatewayNotifier: Notifier {
    var url: String
    var token: String?

    struct Body: Encodable {
        var to: String
        var text: String
        var event: String
    }

    func deliver(_ n: Notice) async throws {
        let body = String(
            decoding: try JSONEncoder().encode(Body(to: n.target, text: n.body, event: n.eventID)), as: UTF8.self)
        var headers = [("X-Quanze-Event", n.eventID)]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        try await HTTPPost.send(url, headers: headers, body: body)
    }
}

/// A channel no gateway is configured for: every message fails with that reason (and ends as a dead letter the
/// administrator sees) rather than vanishing.
struct UnconfiguredNotifier: Notifier {
    var reason: String

    func deliver(_ n: Notice) async throws { throw DeliveryError(description: reason) }
}
