import PBXProtocol

extension ConformanceCheck {
    static let bodySizeLimit = ConformanceCheck(id: "limits.body-size", title: "A ~1 MiB body → 413 or 400, not a crash or a hang") {
        context in
        let size = context.options.hugeBodySize
        var parameters = context.contact()
        parameters.append(CRMRequest.tokenParameter, context.options.token)
        var body = Array((FormURLEncoding.encode(parameters) + "&padding=").utf8)
        body.append(contentsOf: repeatElement(UInt8(ascii: "a"), count: max(0, size - body.count)))
        let label = size >= 1 << 20 ? "\(size >> 20) MiB" : "\(size >> 10) KiB"
        let exchange: CRMEndpointClient.Exchange
        do {
            exchange = try await context.client.send(parameters: parameters, encoding: .form, rawBody: body)
        } catch {
            return .fail("\(label): no answer (\(error))")
        }
        switch exchange.status {
        case 413, 400: return .pass("\(label) → \(exchange.status)")
        case 200: return .warn("accepts huge bodies: \(label) → 200")
        default: return .fail("\(label) → \(Expect.describe(exchange))")
        }
    }
}
