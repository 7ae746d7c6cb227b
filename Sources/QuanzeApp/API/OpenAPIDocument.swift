import Foundation
import Hummingbird

/// Serves the hand-written OpenAPI 3.1 document; a test checks that it covers every API route.
enum OpenAPIDocument {
    static func data() throws -> Data {
        try Data(contentsOf: Bundle.quanzeResources.appendingPathComponent("openapi.json"))
    }

    static func response() throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try data())))
    }
}
