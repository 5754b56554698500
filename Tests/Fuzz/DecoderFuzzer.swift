// A libFuzzer target for the PBX request decoders: form, multipart, JSON and query parameters,
// and the command parsing after them. Built and run by `run.sh`, outside the package build.
// An input is the fuzzer's own form: a `Content-Type` line, then the body (also tried as a query).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecoders(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
    let contentType = String(decoding: bytes[..<newline], as: UTF8.self)
    let body = Array(bytes[min(newline + 1, bytes.endIndex)...])
    for query in [nil, String(decoding: body, as: UTF8.self)] {
        if let parameters = try? RequestBodyDecoding.parameters(query: query, contentType: contentType, body: body) {
            _ = try? CRMRequest(parameters: parameters)
            _ = parameters.jsonObject(truncatingValuesTo: 64)
        }
    }
    return 0
}
