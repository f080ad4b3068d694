package io.gatehouse.enforcement;

import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.config.PolicyMode;
import io.gatehouse.cookies.CookieFingerprints;
import io.gatehouse.cookies.CookieHeader;
import io.gatehouse.cookies.SessionCookies;
import io.gatehouse.login.CredentialsCheck;
import io.gatehouse.login.FieldReading;
import io.gatehouse.login.LoginFieldReader;
import io.gatehouse.login.UpstreamLogins;
import io.gatehouse.login.UsernameRules;
import io.gatehouse.metrics.GatehouseMetrics;
import io.gatehouse.policy.PolicyResolver;
import io.gatehouse.policy.RequestFacts;
import io.gatehouse.policy.ResolvedPolicy;
import io.gatehouse.proxy.MethodOverrides;
import io.gatehouse.proxy.PublicServerPort;
import io.gatehouse.session.GatehouseSession;
import io.gatehouse.session.SessionCookieResolver;
import io.gatehouse.session.SessionLifetime;
import io.gatehouse.session.SessionState;
import io.gatehouse.session.VerifiedSessionCache;
import io.gatehouse.store.StoreHealth;
import io.gatehouse.store.StoreUnavailableException;
import io.gatehouse.web.Answers;
import io.gatehouse.web.ClientAddress;
import io.gatehouse.web.ExchangeAttributes;
import io.gatehouse.web.FilterOrder;
import io.gatehouse.web.GatehouseAssets;
import io.gatehouse.web.GatehousePaths;
import io.gatehouse.web.MessageBundles;
import io.gatehouse.web.PageRenderer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

/**
 * Decides, before a request goes upstream, whether this browser may go where it is going: it resolves the
 * policy for the canonical path and the signed-in user, lets only upstream session cookies that Gatehouse
 * released to this very session through to protected routes, and sends browsers that still owe a second
 * factor to Gatehouse's pages (scripts get JSON). It also captures the username of login requests. In report-only
 * mode each of those stops is logged, audited and counted instead, and the request goes on unchanged.
 */
public final class EnforcementWebFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(EnforcementWebFilter.class);
    private static final int MAX_LOGIN_BODY = 64 * 1024;

    private final PolicyResolver policy;
    private final SessionCookies sessionCookies;
    private final CookieFingerprints fingerprints;
    private final UpstreamLogins logins;
    private final CredentialsCheck credentialsCheck;
    private final UsernameRules usernameRules;
    private final boolean probeConfigured;
    private final boolean identityHeaders;
    private final StoreHealth health;
    private final VerifiedSessionCache cache;
    private final MessageBundles messages;
    private final GatehouseAssets assets;
    private final PageRenderer pages;
    private final Clock clock;
    private final SecurityEvents events;
    private final AccountLink accountLink;
    private final GatehouseMetrics.PolicyDecisions decisions;
    private final PublicServerPort publicPort;
    private final boolean reportOnly;
    private final SessionLifetime lifetime;

    public EnforcementWebFilter(
            GatehouseProperties properties,
            PolicyResolver policy,
            SessionCookies sessionCookies,
            CookieFingerprints fingerprints,
            StoreHealth health,
            VerifiedSessionCache cache,
            MessageBundles messages,
            GatehouseAssets assets,
            PageRenderer pages,
            Clock clock,
            SecurityEvents events,
            GatehouseMetrics metrics,
            PublicServerPort publicPort) {
        this.publicPort = publicPort;
        this.reportOnly = properties.reportOnly();
        this.decisions = metrics.policyDecisions(policy.decisions());
        this.cache = cache;
        this.events = events;
        this.messages = messages;
        this.assets = assets;
        this.pages = pages;
        this.health = health;
        this.policy = policy;
        this.sessionCookies = sessionCookies;
        this.fingerprints = fingerprints;
        this.logins = new UpstreamLogins(properties);
        this.credentialsCheck = new CredentialsCheck(
                logins.credentialFields(),
                properties.upstream().maxCheckedBody().toBytes());
        this.usernameRules = UsernameRules.of(properties.upstream());
        this.probeConfigured = properties.upstream().identity() != null;
        this.identityHeaders = properties.upstream().identityHeaders();
        this.clock = clock;
        this.accountLink = new AccountLink(properties.ui().inject(), messages);
        this.lifetime = new SessionLifetime(properties.session(), clock);
    }

    @Override
    public int getOrder() {
        return FilterOrder.ENFORCEMENT.order();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!publicPort.received(exchange)) {
            // The management server's child context inherits this filter; its endpoints are not the upstream's
            // routes: no policy, no session, no Redis (health and metrics must answer while Redis is down).
            return chain.filter(exchange);
        }
        String path = canonicalPath(exchange);
        if (GatehousePaths.isReserved(path)) {
            return chain.filter(exchange);
        }
        ServerHttpRequest request = exchange.getRequest();
        RequestFacts facts = new RequestFacts(
                request.getMethod().name(),
                path,
                io.gatehouse.firewall.RequestHost.of(exchange),
                request.getQueryParams(),
                Optional.empty());
        List<String> claimedMethods = MethodOverrides.claimedBy(request);
        UpstreamLogins.Login candidate = logins.loginFor(request, path);
        if (candidate == null) {
            return proceed(exchange, chain, path, facts, claimedMethods, null);
        }
        // A request to a login endpoint is a sign-in only when it carries the login's password field: a front
        // controller
        // whose login posts to the same path as its other forms (a wiki's page save) must not make every form a login.
        return credentialsCheck.readAll(exchange).flatMap(read -> {
            if (read.tooLarge()) {
                return refuseTooLarge(read.exchange());
            }
            boolean signsIn = LoginFieldReader.carriesField(request, read.body(), Set.of(candidate.passwordField()));
            return proceed(read.exchange(), chain, path, facts, claimedMethods, signsIn ? candidate : null);
        });
    }

    private Mono<Void> proceed(
            ServerWebExchange exchange,
            WebFilterChain chain,
            String path,
            RequestFacts facts,
            List<String> claimedMethods,
            UpstreamLogins.Login login) {
        ServerHttpRequest request = exchange.getRequest();
        if (login != null) {
            exchange.getAttributes().put(ExchangeAttributes.LOGIN, login);
        }
        // Without rules for users or groups the decision does not depend on the user: it is made once, here.
        ResolvedPolicy anyUser = policy.targetsUsers() ? null : policy.resolveStrictest(facts, claimedMethods);
        if (anyUser != null) {
            // Bypass and deny need no session, and no Redis.
            if (anyUser.mode() == PolicyMode.BYPASS && login == null) {
                decisions.count(anyUser);
                exchange.getAttributes().put(ExchangeAttributes.RESOLVED_POLICY, anyUser);
                Map<String, List<String>> presented = sessionCookies.in(request);
                if (presented.isEmpty() || !credentialsCheck.bodyToCheck(request)) {
                    return forward(exchange, chain, path, null, presented);
                }
                // A body with a session cookie: whether it carries credentials decides how its answer is judged (a site
                // that keeps its session id may sign someone else into that very session).
                return credentialsCheck.read(exchange).flatMap(checked -> {
                    checked.exchange()
                            .getAttributes()
                            .put(
                                    ExchangeAttributes.CREDENTIALS_CARRIED,
                                    checked.carriesCredentials() || checked.tooLarge());
                    return forward(checked.exchange(), chain, path, null, presented);
                });
            }
            if (anyUser.mode() == PolicyMode.DENY) {
                decisions.count(anyUser);
                if (reportOnly) {
                    exchange.getAttributes().put(ExchangeAttributes.RESOLVED_POLICY, anyUser);
                    return wouldEnforce(
                            exchange,
                            "deny",
                            "-",
                            () -> forward(exchange, chain, path, null, sessionCookies.in(request)));
                }
                return deny(exchange, facts, anyUser, "-");
            }
        }
        boolean bodyToCheck = login == null && credentialsCheck.bodyToCheck(request);
        String sessionId = sessionId(request);
        if (sessionId != null && !bodyToCheck && health.isUp()) {
            Optional<VerifiedSessionCache.Snapshot> snapshot = cache.get(sessionId);
            if (snapshot.isPresent()
                    && !cache.claimReload(snapshot.get())
                    && fastForward(exchange, path, facts, claimedMethods, anyUser, sessionId, snapshot.get(), login)) {
                return chain.filter(exchange);
            }
        }
        if (!health.isUp()) {
            // Without Redis nothing can be decided or recorded: refuse (503), never pass through.
            return Mono.error(new StoreUnavailableException(new IllegalStateException("Redis is down")));
        }
        return health.guard(GatehouseSession.of(exchange)).flatMap(session -> {
            if (!bodyToCheck) {
                return enforce(exchange, chain, path, facts, claimedMethods, anyUser, session, login, false);
            }
            return credentialsCheck
                    .read(exchange)
                    .flatMap(checked -> checked.tooLarge()
                            ? refuseTooLarge(checked.exchange())
                            : enforce(
                                    checked.exchange(),
                                    chain,
                                    path,
                                    facts,
                                    claimedMethods,
                                    anyUser,
                                    session,
                                    login,
                                    checked.carriesCredentials()));
        });
    }

    private Mono<Void> enforce(
            ServerWebExchange exchange,
            WebFilterChain chain,
            String path,
            RequestFacts anonymous,
            List<String> claimedMethods,
            ResolvedPolicy anyUser,
            GatehouseSession session,
            UpstreamLogins.Login login,
            boolean credentialsInBody) {
        ServerHttpRequest request = exchange.getRequest();
        RequestFacts facts = session.user().map(anonymous::withUser).orElse(anonymous);
        ResolvedPolicy decision = anyUser != null ? anyUser : policy.resolveStrictest(facts, claimedMethods);
        decisions.count(decision);
        exchange.getAttributes().put(ExchangeAttributes.RESOLVED_POLICY, decision);
        Map<String, List<String>> presented = sessionCookies.in(request);
        String user = session.user().orElse("-");
        boolean releasedHere = releasedToThisSession(session, presented);
        exchange.getAttributes().put(ExchangeAttributes.COOKIES_RELEASED_HERE, releasedHere);
        exchange.getAttributes().put(ExchangeAttributes.CREDENTIALS_CARRIED, credentialsInBody);
        AccessDecider.RequestView view = requestView(exchange, path, login, presented, credentialsInBody);
        AccessDecision access = AccessDecider.decide(
                view,
                new AccessDecider.SessionView(
                        session.state(),
                        session.enrolled(),
                        releasedHere,
                        session.verifiedAt().orElse(null),
                        lifetime.stopReason(session)),
                decision,
                clock.instant());
        if (access instanceof AccessDecision.Forward
                && decision.mode() != PolicyMode.BYPASS
                && login == null
                && !view.logout()) {
            // Only requests Gatehouse judges on a protected route count as activity (never bypass routes or its pages).
            lifetime.recordActivity(session, exchange);
        }
        if (access.forwards() && login != null && session.state() != SessionState.ANONYMOUS && !reportOnly) {
            // A sign-in from a session whose cookies were released (or are held): the release ends, in Redis and in
            // this gateway's cache, before the upstream sees the sign-in. Its answer alone decides what follows.
            session.revokeRelease();
            cache.evict(session.webSession().getId());
            return session.webSession()
                    .save()
                    .then(Mono.defer(() -> forward(exchange, chain, path, session, presented)));
        }
        if (access.forwards()) {
            return access instanceof AccessDecision.ForwardWithoutCookies
                    ? forward(withoutSessionCookies(exchange), chain, path, session, Map.of())
                    : forward(exchange, chain, path, session, presented);
        }
        if (reportOnly) {
            return wouldEnforce(
                    exchange, access.reason(), user, () -> forward(exchange, chain, path, session, presented));
        }
        if (access instanceof AccessDecision.Deny) {
            return deny(exchange, facts, decision, user);
        }
        if (access instanceof AccessDecision.RefuseCredentials refused) {
            return refuseCredentials(exchange, user, refused.carrier());
        }
        if (access instanceof AccessDecision.RefuseCookie) {
            return refuseUnreleasedCookies(exchange, session);
        }
        if (access instanceof AccessDecision.ToLogin) {
            return toLogin(exchange, session);
        }
        return stepNeeded(
                exchange, session, ((AccessDecision.Step) access).kind() != AccessDecision.StepKind.ENROLLMENT);
    }

    /** The request as {@link AccessDecider} sees it. */
    private AccessDecider.RequestView requestView(
            ServerWebExchange exchange,
            String path,
            UpstreamLogins.Login login,
            Map<String, List<String>> presented,
            boolean credentialsInBody) {
        ServerHttpRequest request = exchange.getRequest();
        boolean credentials = credentialsInBody
                || login == null && logins.credentialsInQuery(request.getURI().getRawQuery());
        if (login == null && !credentials && CredentialsCheck.unreadableBody(request)) {
            return new AccessDecider.RequestView(false, false, false, false, true, !presented.isEmpty(), true);
        }
        return new AccessDecider.RequestView(
                login != null,
                login == null && logins.isSignInPage(request, path),
                logins.isLogout(request, path),
                request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION),
                credentials,
                !presented.isEmpty(),
                false);
    }

    /** Report-only mode: records what enforce mode would have done here, then lets the request go on unchanged. */
    private Mono<Void> wouldEnforce(
            ServerWebExchange exchange, String reason, String user, java.util.function.Supplier<Mono<Void>> onward) {
        ServerHttpRequest request = exchange.getRequest();
        String path = canonicalPath(exchange);
        log.info("report-only: would enforce {} on {} {} user={}", reason, request.getMethod(), path, user);
        return events.wouldEnforce(
                        user,
                        ClientAddress.of(exchange),
                        reason,
                        request.getMethod().name(),
                        path)
                .then(Mono.defer(onward));
    }

    /**
     * The hot path: a session read from Redis less than a second ago whose cookies were released, asking for
     * a route it may use as it stands ({@link AccessDecider} says forward). Anything else (a step to take, a cookie
     * that does not match, a login or logout, a banner to show) goes the full way, which reads the session from Redis.
     */
    private boolean fastForward(
            ServerWebExchange exchange,
            String path,
            RequestFacts anonymous,
            List<String> claimedMethods,
            ResolvedPolicy anyUser,
            String sessionId,
            VerifiedSessionCache.Snapshot snapshot,
            UpstreamLogins.Login login) {
        ServerHttpRequest request = exchange.getRequest();
        if (login != null) {
            return false;
        }
        // The same decision as the full path, method overrides included.
        ResolvedPolicy decision = anyUser != null
                ? anyUser
                : policy.resolveStrictest(anonymous.withUser(snapshot.user()), claimedMethods);
        Map<String, List<String>> presented = sessionCookies.in(request);
        boolean releasedHere = false;
        if (decision.mode() != PolicyMode.BYPASS && !presented.isEmpty()) {
            releasedHere = snapshot.confirmed(presented);
            if (!releasedHere) {
                if (!fingerprints.matches(snapshot.fingerprint(), presented)) {
                    return false;
                }
                // The same cookies on the next requests need no second HMAC while this snapshot lives.
                cache.confirm(sessionId, snapshot, presented);
                releasedHere = true;
            }
        }
        AccessDecider.RequestView view = requestView(exchange, path, null, presented, false);
        AccessDecision access = AccessDecider.decide(
                view,
                new AccessDecider.SessionView(
                        snapshot.state(),
                        snapshot.enrolled(),
                        releasedHere,
                        snapshot.verifiedAt().equals(Instant.EPOCH) ? null : snapshot.verifiedAt()),
                decision,
                clock.instant());
        if (!(access instanceof AccessDecision.Forward)
                || view.logout()
                || decision.mode() != PolicyMode.BYPASS && !lifetime.servesFromCache(snapshot, exchange)) {
            return false;
        }
        decisions.count(decision);
        exchange.getAttributes().put(ExchangeAttributes.RESOLVED_POLICY, decision);
        exchange.getAttributes().put(ExchangeAttributes.PRESENTED_COOKIES, presented);
        exchange.getAttributes().put(ExchangeAttributes.COOKIES_RELEASED_HERE, releasedHere);
        if (accountLink.appliesTo(path) && isPageRequest(exchange)) {
            // A cached session is always signed in: the account link goes in here as on the full path.
            exchange.getAttributes()
                    .put(ExchangeAttributes.HTML_INJECTION, new HtmlInjection(List.of(accountLink.insertion(request))));
        }
        if (identityHeaders || exchange.getAttributes().containsKey(ExchangeAttributes.FORWARD_AUTH)) {
            exchange.getAttributes()
                    .put(
                            ExchangeAttributes.IDENTITY_HEADERS,
                            Map.of(
                                    "X-Gatehouse-User",
                                    snapshot.user(),
                                    "X-Gatehouse-Auth",
                                    snapshot.state() == SessionState.VERIFIED ? "totp" : "password"));
        }
        return true;
    }

    /**
     * The session id the browser sent, under the name {@link SessionCookieResolver} reads (the {@code __Host-} name
     * over TLS); null when none, or when the cookie is repeated (then the full path decides, as Spring Session does).
     */
    private static String sessionId(ServerHttpRequest request) {
        return CookieHeader.single(request, SessionCookieResolver.cookieName(request));
    }

    private Mono<Void> deny(ServerWebExchange exchange, RequestFacts facts, ResolvedPolicy decision, String user) {
        log.info(
                "policy deny: {} {} user={} rule={}", facts.method(), facts.canonicalPath(), user, decision.ruleName());
        exchange.getAttributes().put(ExchangeAttributes.RESOLVED_POLICY, decision);
        // Without a known user the audit write (Redis) is skipped: a deny rule must keep working while Redis is down.
        Mono<Void> audited = "-".equals(user)
                ? Mono.empty()
                : events.policyDeny(
                        user, ClientAddress.of(exchange), facts.method(), facts.canonicalPath(), decision.ruleName());
        return audited.then(
                Answers.wantsHtml(exchange)
                        ? pages.render(exchange, HttpStatus.FORBIDDEN, PageRenderer.DENY, Map.of())
                        : Answers.json(exchange, HttpStatus.FORBIDDEN, "access_denied", null));
    }

    private boolean releasedToThisSession(GatehouseSession session, Map<String, List<String>> presented) {
        Optional<String> fingerprint = session.fingerprint();
        return session.state().released()
                && fingerprint.isPresent()
                && fingerprints.matches(fingerprint.get(), presented);
    }

    /**
     * Credentials outside the login (an {@code Authorization} header, a password or credential field) would reach the
     * upstream without any second factor: refused, audited, never forwarded.
     */
    private Mono<Void> refuseCredentials(ServerWebExchange exchange, String user, String carrier) {
        ServerHttpRequest request = exchange.getRequest();
        String path = canonicalPath(exchange);
        log.info(
                "refused credentials ({}) outside the login on {} {} user={}",
                carrier,
                request.getMethod(),
                path,
                user);
        boolean unread = AccessDecision.UNREADABLE_BODY.equals(carrier);
        return events.credentialsRefused(
                        user, ClientAddress.of(exchange), request.getMethod().name(), path, carrier)
                .then(
                        unread
                                ? Answers.json(exchange, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "body_not_checked", null)
                                : Answers.json(exchange, HttpStatus.UNAUTHORIZED, "credentials_not_allowed", null));
    }

    /** A body too big to check for credentials, on a route that refuses them. */
    private Mono<Void> refuseTooLarge(ServerWebExchange exchange) {
        log.info(
                "refused {} {}: body larger than gatehouse.upstream.max-checked-body",
                exchange.getRequest().getMethod(),
                canonicalPath(exchange));
        return Answers.json(exchange, HttpStatus.PAYLOAD_TOO_LARGE, "request_too_large", null);
    }

    /**
     * A browser without a released session on a route that refuses anonymous browsers: nothing reaches the upstream;
     * browsers go to the site's login page (where they were going is kept for after the second factor), scripts get
     * {@code 401 login_required}.
     */
    private Mono<Void> toLogin(ServerWebExchange exchange, GatehouseSession session) {
        ServerHttpRequest request = exchange.getRequest();
        if (!Answers.wantsHtml(exchange)) {
            return Answers.json(exchange, HttpStatus.UNAUTHORIZED, "login_required", logins.loginPage());
        }
        if (request.getMethod() == HttpMethod.GET || request.getMethod() == HttpMethod.HEAD) {
            String query = request.getURI().getRawQuery();
            session.returnTo(request.getURI().getRawPath() + (query == null ? "" : "?" + query));
        }
        return Answers.redirect(exchange, logins.loginPage());
    }

    /** The request without the upstream session cookies it carries (Gatehouse's own stay for the next filters). */
    private ServerWebExchange withoutSessionCookies(ServerWebExchange exchange) {
        List<String> kept = new ArrayList<>();
        for (String header : exchange.getRequest().getHeaders().getOrEmpty(HttpHeaders.COOKIE)) {
            String out = CookieHeader.without(header, sessionCookies::isSessionCookie);
            if (!out.isEmpty()) {
                kept.add(out);
            }
        }
        ServerHttpRequest stripped = exchange.getRequest()
                .mutate()
                .headers(headers -> {
                    headers.remove(HttpHeaders.COOKIE);
                    kept.forEach(cookie -> headers.add(HttpHeaders.COOKIE, cookie));
                })
                .build();
        return exchange.mutate().request(stripped).build();
    }

    /**
     * An upstream session cookie that Gatehouse did not release to this session (stolen, left over from
     * before a revocation, or issued without a second factor) never reaches a protected route.
     */
    private Mono<Void> refuseUnreleasedCookies(ServerWebExchange exchange, GatehouseSession session) {
        ServerHttpRequest request = exchange.getRequest();
        log.info(
                "refused unreleased upstream session cookie on {} {} (session state {})",
                request.getMethod(),
                request.getPath(),
                session.state());
        sessionCookies
                .expiryFor(request)
                .forEach(expiry -> exchange.getResponse().getHeaders().add(HttpHeaders.SET_COOKIE, expiry));
        if (session.state() == SessionState.PENDING) {
            return stepNeeded(exchange, session, session.enrolled());
        }
        cache.evict(session.webSession().getId());
        Mono<Void> end = session.state() == SessionState.ANONYMOUS ? Mono.empty() : session.invalidate();
        return end.then(
                Answers.wantsHtml(exchange)
                        ? Answers.redirect(exchange, logins.loginPage())
                        : Answers.json(exchange, HttpStatus.UNAUTHORIZED, "login_required", logins.loginPage()));
    }

    /** Sends a browser to the challenge (or enrollment) and remembers where it was going. */
    private Mono<Void> stepNeeded(ServerWebExchange exchange, GatehouseSession session, boolean enrolled) {
        String page = enrolled ? GatehousePaths.CHALLENGE : GatehousePaths.ENROLL;
        if (!Answers.wantsHtml(exchange)) {
            return Answers.json(
                    exchange,
                    enrolled ? HttpStatus.UNAUTHORIZED : HttpStatus.FORBIDDEN,
                    enrolled ? "second_factor_required" : "enrollment_required",
                    page);
        }
        ServerHttpRequest request = exchange.getRequest();
        if (request.getMethod() == HttpMethod.GET || request.getMethod() == HttpMethod.HEAD) {
            String query = request.getURI().getRawQuery();
            session.returnTo(request.getURI().getRawPath() + (query == null ? "" : "?" + query));
        }
        return Answers.redirect(exchange, page);
    }

    private Mono<Void> forward(
            ServerWebExchange exchange,
            WebFilterChain chain,
            String path,
            GatehouseSession session,
            Map<String, List<String>> presented) {
        exchange.getAttributes().put(ExchangeAttributes.PRESENTED_COOKIES, presented);
        boolean wanted = identityHeaders || exchange.getAttributes().containsKey(ExchangeAttributes.FORWARD_AUTH);
        if (wanted
                && session != null
                && session.state().released()
                && session.user().isPresent()) {
            Map<String, String> identity = new LinkedHashMap<>();
            identity.put("X-Gatehouse-User", session.user().get());
            identity.put("X-Gatehouse-Auth", session.state() == SessionState.VERIFIED ? "totp" : "password");
            exchange.getAttributes().put(ExchangeAttributes.IDENTITY_HEADERS, identity);
        }
        if (session != null && isPageRequest(exchange)) {
            additions(exchange, path, session);
        }
        if (session != null) {
            cache.put(session);
        }
        if (exchange.getAttribute(ExchangeAttributes.LOGIN) instanceof UpstreamLogins.Login login) {
            return captureUsername(exchange, chain, login);
        }
        return chain.filter(exchange);
    }

    /**
     * What Gatehouse adds to the upstream page: a one-time message ("Two-factor authentication is enabled") after the
     * body tag, and on the configured pages of a signed-in user a link to the account page; both in one injection.
     */
    private void additions(ServerWebExchange exchange, String path, GatehouseSession session) {
        List<HtmlInjection.Insertion> insertions = new ArrayList<>();
        session.takeFlash().ifPresent(flash -> {
            String text = HtmlUtils.htmlEscape(
                    messages.forRequest(exchange.getRequest()).get(flash));
            insertions.add(new HtmlInjection.Insertion(
                    null,
                    "<link rel=\"stylesheet\" href=\"" + assets.injectHref() + "\">"
                            + "<p class=\"gatehouse-banner\" role=\"status\">" + text + "</p>"));
        });
        if (session.state().released() && session.user().isPresent() && accountLink.appliesTo(path)) {
            insertions.add(accountLink.insertion(exchange.getRequest()));
        }
        if (!insertions.isEmpty()) {
            exchange.getAttributes().put(ExchangeAttributes.HTML_INJECTION, new HtmlInjection(insertions));
        }
    }

    /** A browser asking for a page: only such answers are ever rewritten. */
    private static boolean isPageRequest(ServerWebExchange exchange) {
        return exchange.getRequest().getMethod() == HttpMethod.GET && Answers.wantsHtml(exchange);
    }

    /**
     * Reads the (small) login body once, keeps the username the way every reader of the site would agree on, and
     * forwards the very same bytes. A username that two readers could take differently (a duplicate, query and body,
     * an encoded or case-variant name, a body unlike its type, a look-alike character) is refused here, before the
     * site sees it, unless the identity probe is configured to say whom the site signed in.
     */
    private Mono<Void> captureUsername(ServerWebExchange exchange, WebFilterChain chain, UpstreamLogins.Login login) {
        LoginFieldReader reader = new LoginFieldReader(login.usernameField(), usernameRules, !probeConfigured);
        ServerHttpRequest request = exchange.getRequest();
        return CredentialsCheck.bytesOf(request, MAX_LOGIN_BODY)
                .flatMap(bytes -> {
                    FieldReading reading = reader.read(request, bytes);
                    if (reading instanceof FieldReading.Found found) {
                        exchange.getAttributes().put(ExchangeAttributes.LOGIN_USERNAME, found.canonicalUser());
                    } else if (reading instanceof FieldReading.Ambiguous ambiguous && !probeConfigured) {
                        return refuseAmbiguousLogin(exchange, ambiguous.reason());
                    }
                    return chain.filter(CredentialsCheck.replaying(exchange, bytes));
                })
                .onErrorResume(
                        org.springframework.core.io.buffer.DataBufferLimitException.class,
                        e -> Answers.json(exchange, HttpStatus.PAYLOAD_TOO_LARGE, "request_too_large", null));
    }

    /** A login whose username two readers could take differently: 400, audited, never forwarded. */
    private Mono<Void> refuseAmbiguousLogin(ServerWebExchange exchange, String reason) {
        String path = canonicalPath(exchange);
        log.warn("refused login on {}: its username is ambiguous ({})", path, reason);
        Mono<Void> audited = events.signInRefused(
                "-",
                ClientAddress.of(exchange),
                exchange.getRequest().getMethod().name(),
                path,
                "ambiguous-username: " + reason);
        return audited.then(
                Answers.wantsHtml(exchange) || Answers.isFormPost(exchange)
                        ? pages.render(
                                exchange,
                                HttpStatus.BAD_REQUEST,
                                PageRenderer.ERROR,
                                Map.of(
                                        "title",
                                        io.gatehouse.web.Text.of("identity.title"),
                                        "message",
                                        io.gatehouse.web.Text.of("identity.ambiguous")))
                        : Answers.json(exchange, HttpStatus.BAD_REQUEST, "username_ambiguous", null));
    }

    private static String canonicalPath(ServerWebExchange exchange) {
        String canonical = exchange.getAttribute(ExchangeAttributes.CANONICAL_PATH);
        return canonical != null ? canonical : exchange.getRequest().getURI().getPath();
    }
}
