import PBXProtocol

/// The fake PBX's own sign-in page for the redirect flow of `api_login.wcgp`. Every value it shows
/// comes from the link the CRM built, so every value is escaped.
enum LoginPage {
    /// The hidden field that tells the page's POST from a CRM's API login to the same URL.
    static let formMarker = "login_form"

    static func render(_ request: PBXLoginRequest, login: String? = nil, error: String? = nil) -> String {
        var hidden: [(String, String)] = [
            (formMarker, "1"), ("crm_code", request.crmCode), ("crm_token", request.crmToken), ("url", request.url),
            ("redirect_url", request.redirectURL ?? ""),
        ]
        if request.selfMap { hidden.append(("self_map", "1")) }
        let hiddenFields = hidden.map { #"<input type="hidden" name="\#(escape($0.0))" value="\#(escape($0.1))">"# }
        let errorLine = error.map { #"<p class="error" role="alert">\#(escape($0))</p>"# } ?? ""
        let selfMapLine = request.selfMap ? "<p>The CRM maps PBX accounts to its users itself (<code>self_map</code>).</p>" : ""
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Fake PBX — connect a CRM</title>
            <style>
            body { font: 16px/1.5 system-ui, sans-serif; background: #f4f5f7; margin: 0; }
            main { max-width: 26rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; }
            h1 { font-size: 1.4rem; margin-top: 0; }
            label { display: block; margin: 1rem 0 0.25rem; }
            input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: 0.5rem; font: inherit; }
            button { margin-top: 1.5rem; padding: 0.6rem 1.4rem; font: inherit; }
            code { word-break: break-all; }
            .error { color: #b00020; font-weight: 600; }
            .hint { color: #555; font-size: 0.9rem; }
            </style>
            </head>
            <body>
            <main>
            <h1>Fake PBX</h1>
            <p>The CRM <strong>\(escape(request.crmCode))</strong> asks to connect.
            Calls will be reported to <code>\(escape(request.url))</code>.</p>
            \(selfMapLine)
            \(errorLine)
            <form method="post" action="api_login.wcgp">
            \(hiddenFields.joined(separator: "\n"))
            <label for="login">Administrator login</label>
            <input type="text" id="login" name="login" value="\(escape(login ?? ""))" autocomplete="username" required autofocus>
            <label for="password">Password</label>
            <input type="password" id="password" name="password" autocomplete="current-password" required>
            <button type="submit">Connect</button>
            </form>
            <p class="hint">Afterwards you return to <code>\(escape(request.redirectURL ?? ""))</code>.</p>
            </main>
            </body>
            </html>

            """
    }

    /// Text and attribute values alike.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
