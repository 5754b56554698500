import PBXProtocol

extension PBXClient {
    /// Where to send the administrator's browser to connect the PBX without giving the CRM its
    /// password: `api_login.wcgp` with everything but the credentials in the query. Once they sign
    /// in, the PBX sends the browser to `redirectURL` with `token=…` appended (`PBXLoginRedirect`).
    public func loginPageURL(crmCode: String, crmToken: String, url: String, redirectURL: String, selfMap: Bool = false) -> String {
        let request = PBXLoginRequest(
            crmCode: crmCode, login: nil, password: nil, crmToken: crmToken, url: url, redirectURL: redirectURL, selfMap: selfMap
        )
        return baseURL + PBXAPI.loginPath + "?" + FormURLEncoding.encode(PBXLoginRedirect.loginPageQuery(request))
    }
}
