package io.gatehouse.enforcement;

import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.config.PolicyMode;
import io.gatehouse.cookies.CookieFingerprints;
import io.gatehouse.cookies.CookieRelease;
import io.gatehouse.cookies.HeldCookies;
import io.gatehouse.cookies.RememberedBrowserCookie;
import io.gatehouse.cookies.SessionCookies;
import io.gatehouse.login.CredentialsCheck;
import io.gatehouse.login.IdentityProbe;
import io.gatehouse.login.ProbeResult;
import io.gatehouse.login.UpstreamLogins;
import io.gatehouse.policy.PolicyResolver;
import io.gatehouse.policy.RequestFacts;
import io.gatehouse.session.GatehouseSession;
import io.gatehouse.session.SessionState;
import io.gatehouse.session.VerifiedSessionCache;
import io.gatehouse.store.TwoFactorService;
import io.gatehouse.web.Answers;
import io.gatehouse.web.ExchangeAttributes;
import io.gatehouse.web.GatehousePaths;
import io.gatehouse.web.PageRenderer;
import io.gatehouse.web.SafeRedirect;
import io.gatehouse.web.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Judges every upstream answer before the browser sees any of it. A successful login has its session
 * cookies and body held back and the browser sent to the second factor (or, where the policy needs none,
 * the cookies released at once); a logout ends Gatehouse's session too; a verified session whose upstream
 * cookie the upstream itself rotated is bound to the new value. Everything else streams through untouched.
 * In report-only mode a login is recorded and its cookies bound to the session, but the answer reaches the browser
 * exactly as the upstream gave it; what enforce mode would have held is logged, audited and counted.
 */
public final class UpstreamResponseFilter implements GlobalFilter, Ordered {

    /** Before {@link NettyWriteResponseFilter} writes the body, so the answer can still be replaced. */
    public static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;

    private static final Logger log = LoggerFactory.getLogger(UpstreamResponseFilter.class);

    private final SessionCookies sessionCookies;
    private final CookieFingerprints fingerprints;
    private final CookieRelease release;
    private final TwoFactorService twoFactor;
    private final PolicyResolver policy;
    private final UpstreamLogins logins;
    private final IdentityProbe probe;
    private final VerifiedSessionCache cache;
    private final SecurityEvents events;
    private final HeldCookies heldCookies;
    private final PageRenderer pages;
    private final boolean remembersBrowsers;
    private final boolean reportOnly;

    public UpstreamResponseFilter(
            GatehouseProperties properties,
            SessionCookies sessionCookies,
            CookieFingerprints fingerprints,
            CookieRelease release,
            TwoFactorService twoFactor,
            PolicyResolver policy,
            VerifiedSessionCache cache,
            SecurityEvents events,
            HeldCookies heldCookies,
            PageRenderer pages,
            IdentityProbe probe) {
        this.heldCookies = heldCookies;
        this.cache = cache;
        this.events = events;
        this.sessionCookies = sessionCookies;
        this.fingerprints = fingerprints;
        this.release = release;
        this.twoFactor = twoFactor;
        this.policy = policy;
        this.logins = new UpstreamLogins(properties);
        // Without gatehouse.upstream.identity nothing is asked: the login field and the success rule decide.
        this.probe = probe.configured() ? probe : null;
        UpstreamLogins.warnings(properties.upstream(), this.probe != null).forEach(log::warn);
        this.pages = pages;
        this.remembersBrowsers = properties.challenge().remembersBrowsers();
        this.reportOnly = properties.reportOnly();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String path = exchange.getAttribute(ExchangeAttributes.CANONICAL_PATH);
        String canonical = path != null ? path : exchange.getRequest().getURI().getPath();
        Observed observed = new Observed(exchange, exchange.getResponse(), canonical);
        return chain.filter(exchange.mutate().response(observed).build());
    }

    /** The response as the upstream gave it, examined once when its body is about to be written. */
    private final class Observed extends ServerHttpResponseDecorator {

        private final ServerWebExchange exchange;
        private final String path;

        Observed(ServerWebExchange exchange, ServerHttpResponse delegate, String path) {
            super(delegate);
            this.exchange = exchange;
            this.path = path;
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            if (nothingToJudge()) {
                return getDelegate().writeWith(body);
            }
            return judge().flatMap(replacement -> replacement
                    ? Flux.from(body).doOnNext(DataBufferUtils::release).then(writeReplacement())
                    : getDelegate().writeWith(body));
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            if (nothingToJudge()) {
                return getDelegate().writeAndFlushWith(body);
            }
            return judge().flatMap(replacement -> replacement
                    ? Flux.from(body)
                            .flatMap(Flux::from)
                            .doOnNext(DataBufferUtils::release)
                            .then(writeReplacement())
                    : getDelegate().writeAndFlushWith(body));
        }

        @Override
        public Mono<Void> setComplete() {
            if (nothingToJudge()) {
                return getDelegate().setComplete();
            }
            return judge().flatMap(replacement ->
                    replacement ? writeReplacement() : getDelegate().setComplete());
        }

        private Mono<Void> writeReplacement() {
            return Mono.defer(
                    () -> exchange.getAttribute(ExchangeAttributes.RESPONSE_REPLACEMENT) instanceof Mono<?> answer
                            ? answer.then()
                            : Mono.<Void>empty());
        }

        /**
         * Most answers (a page without {@code Set-Cookie}, not to a login or logout) need no judging: {@link #judge}
         * would find nothing to do. They go straight to the browser.
         */
        private boolean nothingToJudge() {
            return !getDelegate().getHeaders().containsHeader(HttpHeaders.SET_COOKIE)
                    && exchange.getAttribute(ExchangeAttributes.LOGIN) == null
                    && !logins.isLogout(exchange.getRequest(), path)
                    && !credentialsWithSessionCookies();
        }

        /**
         * A request that carried upstream session cookies and credentials, or a body Gatehouse could not read (on a
         * bypass route, or a rule with {@code credentials: allow}): the site may have signed someone in.
         */
        private boolean credentialsWithSessionCookies() {
            Map<String, List<String>> presented = exchange.getAttribute(ExchangeAttributes.PRESENTED_COOKIES);
            if (presented == null || presented.isEmpty()) {
                return false;
            }
            ServerHttpRequest request = exchange.getRequest();
            return Boolean.TRUE.equals(exchange.getAttribute(ExchangeAttributes.CREDENTIALS_CARRIED))
                    || CredentialsCheck.unreadableBody(request)
                    || request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)
                    || request.getURI().getRawQuery() != null
                            && logins.credentialsInQuery(request.getURI().getRawQuery());
        }

        /**
         * True when the upstream's answer must not reach the browser; the replacement is then prepared. The answer is
         * judged by what it does, wherever it came from: one that sets a session cookie with a new value for a
         * browser whose session was not released those very cookies is a sign-in, and goes to the second factor of
         * whoever signed in (or is refused when that cannot be told).
         */
        private Mono<Boolean> judge() {
            HttpHeaders headers = getDelegate().getHeaders();
            HttpStatusCode status = getDelegate().getStatusCode();
            ServerHttpRequest request = exchange.getRequest();
            List<String> setCookies = sessionCookies.setBy(headers);
            if (logins.isLogout(request, path) || sessionCookies.clearedBy(headers) && setCookies.isEmpty()) {
                // The session ends here: a new session cookie value the same answer gives (some sites start a fresh
                // session at logout) does not reach the browser; it gets a new visitor's session on its next request.
                removeNewValues(headers);
                return GatehouseSession.of(exchange)
                        .flatMap(session -> {
                            cache.evict(session.webSession().getId());
                            return session.state() == SessionState.ANONYMOUS ? Mono.empty() : session.invalidate();
                        })
                        .thenReturn(false);
            }
            Map<String, List<String>> presented = presented();
            Map<String, String> overlay = overlay(presented, setCookies);
            boolean fresh = hasNewValue(presented, setCookies);
            UpstreamLogins.Login login = exchange.getAttribute(ExchangeAttributes.LOGIN);
            if (login != null) {
                return status == null
                        ? Mono.just(false)
                        : loginAnswer(login, headers, status, setCookies, overlay, fresh);
            }
            if (!fresh) {
                return credentialsWithSessionCookies() ? sameSessionSignIn(overlay) : Mono.just(false);
            }
            boolean attempt = carriesCredentials(request);
            return GatehouseSession.of(exchange).flatMap(session -> {
                cache.evict(session.webSession().getId());
                boolean releasedHere =
                        Boolean.TRUE.equals(exchange.getAttribute(ExchangeAttributes.COOKIES_RELEASED_HERE));
                if (session.state().released() && releasedHere) {
                    return rotated(session, headers, setCookies, overlay, attempt);
                }
                if (presented.isEmpty() && !attempt) {
                    // Nothing that could sign anyone in was sent (no session cookie, no credentials): a new visitor's
                    // session, such as the one a login form or a cart starts. It is not released to anyone, so it
                    // never reaches a protected route.
                    return Mono.just(false);
                }
                return signInElsewhere(session, headers, setCookies, overlay);
            });
        }

        /** The session cookies the request carried (as let through), name to values. */
        private Map<String, List<String>> presented() {
            Map<String, List<String>> presented = exchange.getAttribute(ExchangeAttributes.PRESENTED_COOKIES);
            return presented != null ? presented : sessionCookies.in(exchange.getRequest());
        }

        /**
         * Whether the request could sign someone in on its own: an {@code Authorization} header, a credential field in
         * the query, or a body that was not checked (on a route that lets it through unread).
         */
        private boolean carriesCredentials(ServerHttpRequest request) {
            if (request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)
                    || logins.credentialsInQuery(request.getURI().getRawQuery())) {
                return true;
            }
            Boolean read = exchange.getAttribute(ExchangeAttributes.CREDENTIALS_CARRIED);
            if (read != null) {
                return read;
            }
            // A body nobody read may hold anything.
            return request.getHeaders().getContentLength() > 0
                    || request.getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING);
        }

        /**
         * A request with credentials reached the site with a released session's cookies and the site set no new one:
         * a site that keeps its session id may have signed someone else into that very session. The probe says whose
         * it is now; without one the session cannot be vouched for any more, so it ends.
         */
        private Mono<Boolean> sameSessionSignIn(Map<String, String> overlay) {
            return GatehouseSession.of(exchange).flatMap(session -> {
                if (!session.state().released() || session.user().isEmpty()) {
                    return Mono.just(false);
                }
                cache.evict(session.webSession().getId());
                String user = session.user().get();
                HttpHeaders headers = getDelegate().getHeaders();
                if (probe == null) {
                    log.warn(
                            "a request with credentials reached the site in {}'s released session on {}: the session"
                                    + " ends (without gatehouse.upstream.identity Gatehouse cannot tell whose it is now)",
                            user,
                            path);
                    sessionCookies
                            .expiryFor(exchange.getRequest())
                            .forEach(expiry -> headers.add(HttpHeaders.SET_COOKIE, expiry));
                    return session.invalidate().thenReturn(false);
                }
                return probe.whoIs(overlay).flatMap(result -> {
                    if (result instanceof ProbeResult.SignedIn signedIn
                            && signedIn.user().equals(user)) {
                        return Mono.just(false);
                    }
                    if (result instanceof ProbeResult.SignedIn signedIn) {
                        return signIn(signedIn.user(), headers, List.of(), overlay, session);
                    }
                    if (result instanceof ProbeResult.Failed failed) {
                        return refuse(user, "probe-failed: " + failed.reason(), headers, true)
                                .flatMap(refused -> session.invalidate().thenReturn(refused));
                    }
                    sessionCookies
                            .expiryFor(exchange.getRequest())
                            .forEach(expiry -> headers.add(HttpHeaders.SET_COOKIE, expiry));
                    return session.invalidate().thenReturn(false);
                });
            });
        }

        /** A session whose cookies Gatehouse released got a new session cookie from the upstream. */
        private Mono<Boolean> rotated(
                GatehouseSession session,
                HttpHeaders headers,
                List<String> setCookies,
                Map<String, String> overlay,
                boolean attempt) {
            String user = session.user().orElseThrow();
            if (probe != null) {
                return probe.whoIs(overlay).flatMap(result -> {
                    if (result instanceof ProbeResult.SignedIn signedIn
                            && signedIn.user().equals(user)) {
                        session.rebind(fingerprints.of(overlay));
                        return Mono.just(false);
                    }
                    if (result instanceof ProbeResult.SignedIn signedIn) {
                        log.warn(
                                "the upstream moved {}'s released session to {}: a new sign-in", user, signedIn.user());
                        return signIn(signedIn.user(), headers, setCookies, overlay, session);
                    }
                    if (result instanceof ProbeResult.Failed failed) {
                        return refuse(user, "probe-failed: " + failed.reason(), headers, true);
                    }
                    // The new session is nobody's: the upstream signed the user out.
                    return session.invalidate().thenReturn(false);
                });
            }
            if (!attempt && !logins.isSignInPage(exchange.getRequest(), path)) {
                // A rotation of the same session (no credentials, no sign-in): bound to this session as it stands.
                session.rebind(fingerprints.of(overlay));
                return Mono.just(false);
            }
            return refuse(user, "identity-unknown", headers, false);
        }

        /** A sign-in that happened outside every configured login (credentials elsewhere, a remember-me cookie). */
        private Mono<Boolean> signInElsewhere(
                GatehouseSession session, HttpHeaders headers, List<String> setCookies, Map<String, String> overlay) {
            if (probe == null) {
                log.warn(
                        "the upstream signed someone in on {} {}, outside the configured logins, and no identity probe"
                                + " (gatehouse.upstream.identity) can tell who: refused",
                        exchange.getRequest().getMethod(),
                        path);
                return refuse("-", "identity-unknown", headers, false);
            }
            return probe.whoIs(overlay).flatMap(result -> {
                if (result instanceof ProbeResult.SignedIn signedIn) {
                    return signIn(signedIn.user(), headers, setCookies, overlay, session);
                }
                if (result instanceof ProbeResult.Failed failed) {
                    return refuse("-", "probe-failed: " + failed.reason(), headers, true);
                }
                // The request could have signed someone in and the site gave a session cookie a new value, yet the
                // probe finds nobody: it may not see every cookie the site reads, so nothing of the answer is trusted.
                return withhold();
            });
        }

        /** The answer to a configured login: a sign-in when the site really signed someone in, else passed through. */
        private Mono<Boolean> loginAnswer(
                UpstreamLogins.Login login,
                HttpHeaders headers,
                HttpStatusCode status,
                List<String> setCookies,
                Map<String, String> overlay,
                boolean fresh) {
            String typed = exchange.getAttribute(ExchangeAttributes.LOGIN_USERNAME);
            if (probe != null) {
                if (status.is5xxServerError()) {
                    return Mono.just(false);
                }
                return probe.whoIs(overlay).flatMap(result -> {
                    if (result instanceof ProbeResult.SignedIn signedIn) {
                        if (typed != null && !typed.equals(signedIn.user())) {
                            log.warn(
                                    "login on {} typed {} but the upstream signed in {}: refused",
                                    path,
                                    typed,
                                    signedIn.user());
                            return refuse(signedIn.user(), "identity-mismatch", headers, false);
                        }
                        return GatehouseSession.of(exchange)
                                .flatMap(session -> signIn(signedIn.user(), headers, setCookies, overlay, session));
                    }
                    if (result instanceof ProbeResult.Failed failed) {
                        return refuse(typed == null ? "-" : typed, "probe-failed: " + failed.reason(), headers, true);
                    }
                    // Nobody is signed in, says the site: a failed login. One that still gave a session cookie a new
                    // value (the probe may not see every cookie the site reads) delivers neither cookie nor body.
                    return fresh ? withhold() : Mono.just(false);
                });
            }
            if (!(fresh || login.keepsSessionId())
                    || !login.isSuccess(status, headers.getFirst(HttpHeaders.LOCATION), fresh)) {
                if (!fresh || reportOnly) {
                    // A failed login: the site's own answer (its error message) goes to the browser.
                    return Mono.just(false);
                }
                // Judged failed, yet it gives a session cookie a new value: a success rule that misjudged would hand
                // over a signed-in session. Neither the cookie nor the body goes to the browser; it is sent to the
                // login.
                log.info("login on {} judged failed but it set a new session cookie: cookie and body withheld", path);
                return withhold();
            }
            if (typed == null) {
                if (reportOnly) {
                    String ip = io.gatehouse.web.ClientAddress.of(exchange);
                    log.info("report-only: would refuse login on {}: its request named no user", path);
                    return events.wouldEnforce(
                                    "-",
                                    ip,
                                    "identity-unknown",
                                    exchange.getRequest().getMethod().name(),
                                    path)
                            .thenReturn(false);
                }
                log.warn(
                        "login on {} succeeded upstream but its request named no user in the field the configuration"
                                + " expects ({}); refused",
                        path,
                        login.usernameField());
                return refuse("-", "identity-unknown", headers, false);
            }
            return GatehouseSession.of(exchange)
                    .flatMap(session -> signIn(typed, headers, setCookies, overlay, session));
        }

        /**
         * Nothing of the answer reaches the browser: none of its session cookies, none of its body. The browser gets a
         * page saying who signed in could not be told ({@code unavailable}: could not be checked now).
         */
        private Mono<Boolean> refuse(String user, String reason, HttpHeaders headers, boolean unavailable) {
            String ip = io.gatehouse.web.ClientAddress.of(exchange);
            String method = exchange.getRequest().getMethod().name();
            if (reportOnly) {
                return events.wouldEnforce(user, ip, "identity-unknown", method, path)
                        .thenReturn(false);
            }
            sessionCookies.removeFrom(headers);
            exchange.getAttributes()
                    .put(ExchangeAttributes.RESPONSE_REPLACEMENT, Mono.defer(() -> answerUnknownUser(unavailable)));
            return events.signInRefused(user, ip, method, path, reason).thenReturn(true);
        }

        /**
         * An answer that may carry a session nobody vouched for: its new session cookie values and its body stay here;
         * the browser is sent to the site's login page (in report-only mode it goes through as it is).
         */
        private Mono<Boolean> withhold() {
            if (reportOnly) {
                return Mono.just(false);
            }
            removeNewValues(getDelegate().getHeaders());
            exchange.getAttributes().put(ExchangeAttributes.RESPONSE_REPLACEMENT, Mono.defer(this::answerToLogin));
            return Mono.just(true);
        }

        /** Removes the {@code Set-Cookie}s that give a session cookie a value (clears stay). */
        private void removeNewValues(HttpHeaders headers) {
            List<String> kept = new ArrayList<>();
            for (String header : headers.getOrEmpty(HttpHeaders.SET_COOKIE)) {
                SessionCookies.ParsedSetCookie cookie = SessionCookies.ParsedSetCookie.parse(header);
                if (cookie == null || !sessionCookies.isSessionCookie(cookie.name()) || cookie.clears()) {
                    kept.add(header);
                }
            }
            headers.remove(HttpHeaders.SET_COOKIE);
            kept.forEach(header -> headers.add(HttpHeaders.SET_COOKIE, header));
        }

        /** Back to the site's login page (a browser), or {@code 401 login_failed} (a script). */
        private Mono<Void> answerToLogin() {
            clearUpstreamHeaders();
            ServerWebExchange plain = exchange.mutate().response(getDelegate()).build();
            return Answers.wantsHtml(exchange) || Answers.isFormPost(exchange)
                    ? Answers.redirect(plain, logins.loginPage())
                    : Answers.json(plain, HttpStatus.UNAUTHORIZED, "login_failed", logins.loginPage());
        }

        /** The request's session cookies overlaid with the answer's: the whole set the upstream now authenticates. */
        private static Map<String, String> overlay(Map<String, List<String>> presented, List<String> setCookies) {
            Map<String, String> cookies = new LinkedHashMap<>();
            presented.forEach((name, values) -> cookies.put(name, values.get(values.size() - 1)));
            for (String header : setCookies) {
                SessionCookies.ParsedSetCookie cookie = SessionCookies.ParsedSetCookie.parse(header);
                if (cookie != null) {
                    cookies.keySet().removeIf(name -> name.equalsIgnoreCase(cookie.name()));
                    cookies.put(cookie.name(), cookie.value());
                }
            }
            return cookies;
        }

        /** Whether a {@code Set-Cookie} gives a session cookie a value the browser did not send. */
        private static boolean hasNewValue(Map<String, List<String>> presented, List<String> setCookies) {
            for (String header : setCookies) {
                SessionCookies.ParsedSetCookie cookie = SessionCookies.ParsedSetCookie.parse(header);
                if (cookie == null) {
                    continue;
                }
                List<String> sent = presented.entrySet().stream()
                        .filter(entry -> entry.getKey().equalsIgnoreCase(cookie.name()))
                        .map(Map.Entry::getValue)
                        .findFirst()
                        .orElse(List.of());
                if (sent.size() != 1 || !sent.get(0).equals(cookie.value())) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The upstream signed {@code user} in: its whole authenticated cookie set is held in the session (the browser's
         * copies expired), and the browser goes to the second factor, or gets the cookies at once where the policy
         * needs none.
         */
        private Mono<Boolean> signIn(
                String user,
                HttpHeaders headers,
                List<String> setCookies,
                Map<String, String> overlay,
                GatehouseSession session) {
            if (reportOnly) {
                return loginReported(user, overlay, session);
            }
            cache.evict(session.webSession().getId());
            List<String> held = heldSet(setCookies, overlay);
            // Every other cookie of the answer waits too (an unlisted remember-me cookie would be a sign-in of its
            // own).
            for (String header : headers.getOrEmpty(HttpHeaders.SET_COOKIE)) {
                SessionCookies.ParsedSetCookie cookie = SessionCookies.ParsedSetCookie.parse(header);
                if (cookie != null && !sessionCookies.isSessionCookie(cookie.name())) {
                    held.add(header);
                }
            }
            String returnTo =
                    session.explicitReturnTo().orElseGet(() -> safeReturnTo(headers.getFirst(HttpHeaders.LOCATION)));
            return enrolledAfterReset(user).flatMap(enrollment -> {
                boolean enrolled = enrollment.enrolled();
                boolean mustEnroll = enrollment.reset();
                session.signIn(user, enrolled, heldCookies.seal(user, held), returnTo);
                RequestFacts target = new RequestFacts(
                        "GET",
                        pathOf(returnTo),
                        exchange.getRequest().getHeaders().getFirst(HttpHeaders.HOST),
                        Map.of(),
                        java.util.Optional.of(user));
                PolicyMode mode = policy.resolve(target).mode();
                log.info("login observed: user={} enrolled={} target={} policy={}", user, enrolled, returnTo, mode);
                String ip = io.gatehouse.web.ClientAddress.of(exchange);
                headers.remove(HttpHeaders.SET_COOKIE);
                // The browser's own copies are part of the authenticated set now: they come back with the release.
                sessionCookies
                        .expiryFor(exchange.getRequest())
                        .forEach(expiry -> headers.add(HttpHeaders.SET_COOKIE, expiry));
                Mono<Void> audited =
                        events.loginObserved(user, ip, enrolled, mode.name().toLowerCase(java.util.Locale.ROOT));
                if (!enrolled && mode != PolicyMode.REQUIRED && !mustEnroll) {
                    return audited.then(release.releaseSignedIn(exchange, session))
                            .thenReturn(false);
                }
                return audited.then(rememberedBrowser(user, enrolled, headers)).flatMap(remembered -> {
                    if (remembered) {
                        return events.rememberedBrowserUsed(user, ip)
                                .then(release.releaseRemembered(exchange, session))
                                .thenReturn(false);
                    }
                    String page = enrolled ? GatehousePaths.CHALLENGE : GatehousePaths.ENROLL;
                    exchange.getAttributes()
                            .put(ExchangeAttributes.RESPONSE_REPLACEMENT, Mono.defer(() -> answerStep(page, enrolled)));
                    return session.renewId().thenReturn(true);
                });
            });
        }

        /**
         * The held set as {@code Set-Cookie} headers: the answer's own, and for each cookie the browser sent that the
         * answer kept, one with its value (so a site that keeps its session id and adds an auth cookie gets both back).
         */
        private List<String> heldSet(List<String> setCookies, Map<String, String> overlay) {
            List<String> held = new ArrayList<>(setCookies);
            java.util.Set<String> set = new java.util.HashSet<>();
            for (String header : setCookies) {
                SessionCookies.ParsedSetCookie cookie = SessionCookies.ParsedSetCookie.parse(header);
                if (cookie != null) {
                    set.add(cookie.name().toLowerCase(java.util.Locale.ROOT));
                }
            }
            boolean secure = "https".equals(exchange.getRequest().getURI().getScheme());
            overlay.forEach((name, value) -> {
                if (!set.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    held.add(name + "=" + value + "; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
                }
            });
            return held;
        }

        /**
         * Report-only mode: the login's answer goes to the browser untouched (its cookies are not held); the user is
         * signed in to Gatehouse's session with those cookies bound to it, so the account page (voluntary enrollment)
         * works, and what enforce mode would have done is recorded.
         */
        private Mono<Boolean> loginReported(String user, Map<String, String> cookies, GatehouseSession signedIn) {
            String ip = io.gatehouse.web.ClientAddress.of(exchange);
            String method = exchange.getRequest().getMethod().name();
            String returnTo = safeReturnTo(getDelegate().getHeaders().getFirst(HttpHeaders.LOCATION));
            // An administrator's "must enroll at next login" is left for enforce mode: honouring it deletes the secret.
            GatehouseSession session = signedIn;
            return twoFactor.isEnrolled(user).flatMap(enrolled -> {
                session.signIn(user, enrolled, "", returnTo);
                PolicyMode mode = policy.resolve(new RequestFacts(
                                "GET",
                                pathOf(returnTo),
                                exchange.getRequest().getHeaders().getFirst(HttpHeaders.HOST),
                                Map.of(),
                                java.util.Optional.of(user)))
                        .mode();
                log.info(
                        "login observed (report-only): user={} enrolled={} target={} policy={}",
                        user,
                        enrolled,
                        returnTo,
                        mode);
                Mono<Void> audited =
                        events.loginObserved(user, ip, enrolled, mode.name().toLowerCase(java.util.Locale.ROOT));
                if (enrolled || mode == PolicyMode.REQUIRED) {
                    log.info(
                            "report-only: would hold the cookies of {}'s login for {}",
                            user,
                            enrolled ? "the challenge" : "enrollment");
                    audited = audited.then(events.wouldEnforce(user, ip, "login-held", method, path));
                }
                return audited.then(release.bindAsTheyAre(session, cookies)).thenReturn(false);
            });
        }

        /**
         * Whether an enrolled user signs in from a browser they asked to be remembered (a valid token of this very
         * user). A token that is not valid (expired, revoked, tampered with, another user's) is expired.
         */
        private Mono<Boolean> rememberedBrowser(String user, boolean enrolled, HttpHeaders headers) {
            java.util.Optional<String> token = RememberedBrowserCookie.in(exchange.getRequest());
            if (!remembersBrowsers || !enrolled || token.isEmpty()) {
                return Mono.just(false);
            }
            return twoFactor.isRememberedBrowser(user, token.get()).doOnNext(valid -> {
                if (!valid) {
                    headers.add(
                            HttpHeaders.SET_COOKIE,
                            RememberedBrowserCookie.expired(exchange.getRequest())
                                    .toString());
                }
            });
        }

        /**
         * Whether the user is enrolled, after honouring an administrator's "must enroll at next login": that flag
         * deletes the current secret (like a disable) and sends the user to enrollment whatever the policy says.
         */
        private Mono<LoginEnrollment> enrolledAfterReset(String user) {
            return twoFactor
                    .mustEnroll(user)
                    .flatMap(must -> must
                            ? twoFactor.disable(user).thenReturn(new LoginEnrollment(false, true))
                            : twoFactor.isEnrolled(user).map(enrolled -> new LoginEnrollment(enrolled, false)));
        }

        /** The upstream's answer is replaced by a way to the second factor; only our cookies survive. */
        private Mono<Void> answerStep(String page, boolean enrolled) {
            clearUpstreamHeaders();
            ServerHttpResponse response = getDelegate();
            if (Answers.wantsHtml(exchange) || Answers.isFormPost(exchange)) {
                response.setStatusCode(HttpStatus.SEE_OTHER);
                response.getHeaders().setLocation(java.net.URI.create(page));
                response.getHeaders().setCacheControl("no-store");
                return response.setComplete();
            }
            return Answers.json(
                    exchange.mutate().response(response).build(),
                    enrolled ? HttpStatus.UNAUTHORIZED : HttpStatus.FORBIDDEN,
                    enrolled ? "second_factor_required" : "enrollment_required",
                    page);
        }

        private Mono<Void> answerUnknownUser(boolean unavailable) {
            clearUpstreamHeaders();
            ServerWebExchange plain = exchange.mutate().response(getDelegate()).build();
            HttpStatus status = unavailable ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.FORBIDDEN;
            return Answers.wantsHtml(exchange) || Answers.isFormPost(exchange)
                    ? pages.render(
                            plain,
                            status,
                            PageRenderer.ERROR,
                            Map.of(
                                    "title",
                                    Text.of("identity.title"),
                                    "message",
                                    Text.of(unavailable ? "identity.unavailable" : "identity.body")))
                    : Answers.json(plain, status, unavailable ? "identity_unavailable" : "identity_unknown", null);
        }

        private void clearUpstreamHeaders() {
            HttpHeaders headers = getDelegate().getHeaders();
            List<String> keep = headers.getOrEmpty(HttpHeaders.SET_COOKIE);
            List<String> kept = List.copyOf(keep);
            headers.clear();
            kept.forEach(cookie -> headers.add(HttpHeaders.SET_COOKIE, cookie));
        }
    }

    /** At a login: enrolled now, and whether a "must enroll" reset just happened. */
    private record LoginEnrollment(boolean enrolled, boolean reset) {}

    /** Only a same-origin path may be a return target ({@link SafeRedirect}); anything else returns to the root. */
    static String safeReturnTo(String location) {
        return SafeRedirect.target(location);
    }

    private static String pathOf(String target) {
        int cut = target.indexOf('?');
        return cut < 0 ? target : target.substring(0, cut);
    }
}
