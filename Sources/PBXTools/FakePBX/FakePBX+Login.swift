import Hummingbird
import PBXProtocol

/// `api_login.wcgp`: a CRM's login with the administrator's credentials, and the browser flow
/// through the fake PBX's own sign-in page for a CRM that has none.
extension FakePBX {
    /// `POST`: with `login`/`password` a CRM's API login answered `{"token":"…"}`; the sign-in page's
    /// own form, answered with a redirect; without credentials, the sign-in page.
    func login(_ request: Request) async -> Response {
        guard let received = await parameters(of: request) else { return Self.bodyTooLarge() }
        let parameters: PBXParameters
        switch received {
        case .success(let decoded): parameters = decoded
        case .failure(let error): return await refuseLogin(error, via: "api", parameters: PBXParameters())
        }
        if parameters[LoginPage.formMarker] != nil { return await signInFromPage(parameters) }
        let loginRequest: PBXLoginRequest
        do {
            loginRequest = try PBXLoginRequest(parameters: parameters)
        } catch {
            return await refuseLogin(error, via: "api", parameters: parameters)
        }
        guard let login = loginRequest.login, let password = loginRequest.password else {
            return await pageResponse(for: loginRequest, parameters: parameters)
        }
        guard acceptsCredentials(login: login, password: password) else {
            return await refuseLogin(.authorizationFailed, via: "api", parameters: parameters)
        }
        let token = await state.connect(loginRequest, via: "api")
        await recordLogin(loginRequest, via: "api", status: 200)
        logger.info(
            "CRM connected",
            metadata: ["crm_code": "\(loginRequest.crmCode)", "url": "\(loginRequest.url)", "self_map": "\(loginRequest.selfMap)"]
        )
        return .protocolJSON(PBXLoginResponse(token: token))
    }

    /// `GET`: the sign-in page, for the link a CRM sends the administrator's browser to.
    func loginPage(_ request: Request) async -> Response {
        var parameters = FormURLEncoding.decode(request.uri.query ?? "")
        // The page never takes credentials from a link: they would sit in browser history and logs.
        parameters["login"] = nil
        parameters["password"] = nil
        do {
            return await pageResponse(for: try PBXLoginRequest(parameters: parameters), parameters: parameters)
        } catch {
            return await refuseLogin(error, via: "browser", parameters: parameters)
        }
    }

    /// The page's own POST: correct credentials connect and send the browser back to the CRM.
    private func signInFromPage(_ parameters: PBXParameters) async -> Response {
        var pageParameters = parameters
        pageParameters["login"] = nil
        pageParameters["password"] = nil
        let pageRequest: PBXLoginRequest
        do {
            pageRequest = try PBXLoginRequest(parameters: pageParameters)
        } catch {
            return await refuseLogin(error, via: "browser", parameters: parameters)
        }
        guard let redirectURL = pageRequest.redirectURL, PBXLoginRedirect.isAcceptableRedirectURL(redirectURL) else {
            return await refuseLogin(.invalidParameters("redirect_url is not an http(s) URL"), via: "browser", parameters: parameters)
        }
        let login = parameters.optional("login")
        guard let login, let password = parameters.optional("password"), acceptsCredentials(login: login, password: password) else {
            await recordLogin(pageRequest, login: login, via: "browser", status: 401, error: "wrong login or password")
            return .html(LoginPage.render(pageRequest, login: login, error: "Wrong login or password."), status: .unauthorized)
        }
        let token = await state.connect(pageRequest, via: "browser")
        await recordLogin(pageRequest, login: login, via: "browser", status: 302)
        logger.info(
            "CRM connected through the sign-in page",
            metadata: ["crm_code": "\(pageRequest.crmCode)", "url": "\(pageRequest.url)", "self_map": "\(pageRequest.selfMap)"]
        )
        return Response(
            status: .found,
            headers: [.location: PBXLoginRedirect.returnURL(redirectURL: redirectURL, token: token), .cacheControl: "no-store"]
        )
    }

    private func pageResponse(for request: PBXLoginRequest, parameters: PBXParameters) async -> Response {
        guard let redirectURL = request.redirectURL, PBXLoginRedirect.isAcceptableRedirectURL(redirectURL) else {
            return await refuseLogin(.invalidParameters("redirect_url is not an http(s) URL"), via: "browser", parameters: parameters)
        }
        return .html(LoginPage.render(request))
    }

    /// Both compared in full, in constant time, so neither a timing nor an early exit tells which was wrong.
    private func acceptsCredentials(login: String, password: String) -> Bool {
        let loginMatches = ConstantTime.equals(login, expected: configuration.adminLogin)
        let passwordMatches = ConstantTime.equals(password, expected: configuration.adminPassword)
        return loginMatches && passwordMatches
    }

    private func refuseLogin(_ error: ProtocolError, via: String, parameters: PBXParameters) async -> Response {
        await state.record(
            FakePBXSnapshot.LoginAttempt(
                time: FakePBXSnapshot.now(), via: via, crmCode: parameters.optional("crm_code"), url: parameters.optional("url"),
                login: parameters.optional("login"), selfMap: nil, status: error.status, error: error.reason
            )
        )
        logger.info("api_login refused", metadata: ["via": "\(via)", "status": "\(error.status)", "reason": "\(error.reason)"])
        return .protocolError(error)
    }

    private func recordLogin(_ request: PBXLoginRequest, login: String? = nil, via: String, status: Int, error: String? = nil) async {
        await state.record(
            FakePBXSnapshot.LoginAttempt(
                time: FakePBXSnapshot.now(), via: via, crmCode: request.crmCode, url: request.url, login: login ?? request.login,
                selfMap: request.selfMap, status: status, error: error
            )
        )
    }
}
