package io.gatehouse.upstream;

import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.config.PolicyMode;
import io.gatehouse.firewall.FirewallAttributes;
import io.gatehouse.policy.PolicyResolver;
import io.gatehouse.policy.RequestFacts;
import io.gatehouse.store.TwoFactorService;
import io.gatehouse.web.Answers;
import io.gatehouse.web.PageRenderer;
import io.gatehouse.web.Text;
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
    private final LoginSettings login;
    private final VerifiedSessionCache cache;
    private final SecurityEvents events;
    private final HeldCookies heldCookies;
    private final PageRenderer pages;
    private final boolean remembersBrowsers;
    private final boolean reportOnly;

    public UpstreamResponseFilter(GatehouseProperties properties, SessionCookies sessionCookies,
            CookieFingerprints fingerprints, CookieRelease release, TwoFactorService twoFactor, PolicyResolver policy,
            VerifiedSessionCache cache, SecurityEvents events, HeldCookies heldCookies, PageRenderer pages) {
        this.heldCookies = heldCookies;
        this.cache = cache;
        this.events = events;
        this.sessionCookies = sessionCookies;
        this.fingerprints = fingerprints;
        this.release = release;
        this.twoFactor = twoFactor;
        this.policy = policy;
        this.login = new LoginSettings(properties.upstream());
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
        String path = exchange.getAttribute(FirewallAttributes.CANONICAL_PATH);
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
                    ? Flux.from(body).flatMap(Flux::from).doOnNext(DataBufferUtils::release).then(writeReplacement())
                    : getDelegate().writeAndFlushWith(body));
        }

        @Override
        public Mono<Void> setComplete() {
            if (nothingToJudge()) {
                return getDelegate().setComplete();
            }
            return judge().flatMap(replacement -> replacement ? writeReplacement() : getDelegate().setComplete());
        }

        private Mono<Void> writeReplacement() {
            return Mono.defer(() -> exchange.getAttribute(REPLACEMENT) instanceof Mono<?> answer
                    ? answer.then() : Mono.<Void>empty());
        }

        /**
         * Most answers (a page without {@code Set-Cookie}, not to a login or logout) need no judging: {@link #judge}
         * would find nothing to do. They go straight to the browser.
         */
        private boolean nothingToJudge() {
            return !getDelegate().getHeaders().containsHeader(HttpHeaders.SET_COOKIE) && !login.isLogout(path)
                    && !login.isLoginRequest(exchange.getRequest(), path);
        }

        /** True when the upstream's answer must not reach the browser; the replacement is then prepared. */
        private Mono<Boolean> judge() {
            HttpHeaders headers = getDelegate().getHeaders();
            HttpStatusCode status = getDelegate().getStatusCode();
            List<String> setCookies = sessionCookies.setBy(headers);
            boolean isLogin = login.isLoginRequest(exchange.getRequest(), path);
            if (login.isLogout(path) || sessionCookies.clearedBy(headers) && setCookies.isEmpty()) {
                return GatehouseSession.of(exchange)
                        .flatMap(session -> {
                            cache.evict(session.webSession().getId());
                            return session.state() == SessionState.ANONYMOUS ? Mono.empty() : session.invalidate();
                        })
                        .thenReturn(false);
            }
            if (isLogin && status != null && login.isSuccess(status, headers.getFirst(HttpHeaders.LOCATION),
                    !setCookies.isEmpty())) {
                return loginObserved(headers, setCookies);
            }
            if (!setCookies.isEmpty()) {
                return GatehouseSession.of(exchange).map(session -> {
                    rebindIfVerified(session, setCookies);
                    cache.evict(session.webSession().getId());
                    return false;
                });
            }
            return Mono.just(false);
        }

        /** The upstream rotated the session cookie of a session whose cookies Gatehouse released. */
        private void rebindIfVerified(GatehouseSession session, List<String> setCookies) {
            Map<String, List<String>> presented = exchange.getAttribute(UpstreamAttributes.PRESENTED_COOKIES);
            if (!session.state().released() || session.fingerprint().isEmpty() || presented == null
                    || presented.isEmpty() || !fingerprints.matches(session.fingerprint().get(), presented)) {
                return;
            }
            Map<String, String> current = new LinkedHashMap<>();
            presented.forEach((name, values) -> current.put(name, values.get(values.size() - 1)));
            for (String header : setCookies) {
                SessionCookies.ParsedSetCookie cookie = SessionCookies.ParsedSetCookie.parse(header);
                current.put(cookie.name(), cookie.value());
            }
            session.rebind(fingerprints.of(current));
        }

        private Mono<Boolean> loginObserved(HttpHeaders headers, List<String> setCookies) {
            String user = exchange.getAttribute(UpstreamAttributes.LOGIN_USERNAME);
            if (reportOnly) {
                return loginReported(user, setCookies);
            }
            if (user == null) {
                log.warn("login on {} succeeded upstream but its request named no user in field the configuration"
                        + " expects (gatehouse.upstream.login.username-field); refused", path);
                sessionCookies.removeFrom(headers);
                exchange.getAttributes().put(REPLACEMENT, Mono.defer(() -> answerUnknownUser()));
                return Mono.just(true);
            }
            List<String> held = setCookies.isEmpty() ? heldFromRequest() : setCookies;
            String returnTo = safeReturnTo(headers.getFirst(HttpHeaders.LOCATION));
            return Mono.zip(GatehouseSession.of(exchange), enrolledAfterReset(user)).flatMap(both -> {
                GatehouseSession session = both.getT1();
                boolean enrolled = both.getT2().enrolled();
                boolean mustEnroll = both.getT2().reset();
                session.signIn(user, enrolled, heldCookies.seal(user, held), returnTo);
                RequestFacts target = new RequestFacts("GET", pathOf(returnTo),
                        exchange.getRequest().getHeaders().getFirst(HttpHeaders.HOST), Map.of(),
                        java.util.Optional.of(user));
                PolicyMode mode = policy.resolve(target).mode();
                log.info("login observed: user={} enrolled={} target={} policy={}", user, enrolled, returnTo, mode);
                String ip = io.gatehouse.web.ClientAddress.of(exchange);
                sessionCookies.removeFrom(headers);
                // The browser's own copy of a session cookie is authenticated now (apps that keep the id at login).
                sessionCookies.expiryFor(exchange.getRequest()).forEach(expiry -> headers.add(HttpHeaders.SET_COOKIE, expiry));
                Mono<Void> audited = events.loginObserved(user, ip, enrolled, mode.name().toLowerCase(java.util.Locale.ROOT));
                if (!enrolled && mode != PolicyMode.REQUIRED && !mustEnroll) {
                    return audited.then(release.releaseSignedIn(exchange, session)).thenReturn(false);
                }
                return audited.then(rememberedBrowser(user, enrolled, headers)).flatMap(remembered -> {
                    if (remembered) {
                        return events.rememberedBrowserUsed(user, ip)
                                .then(release.releaseRemembered(exchange, session)).thenReturn(false);
                    }
                    String page = enrolled ? EnforcementWebFilter.CHALLENGE_PAGE : EnforcementWebFilter.ENROLL_PAGE;
                    exchange.getAttributes().put(REPLACEMENT, Mono.defer(() -> answerStep(page, enrolled)));
                    return session.renewId().thenReturn(true);
                });
            });
        }

        /**
         * Report-only mode: the login's answer goes to the browser untouched (its cookies are not held); the user is
         * signed in to Gatehouse's session with those cookies bound to it, so the account page (voluntary enrollment)
         * works, and what enforce mode would have done is recorded.
         */
        private Mono<Boolean> loginReported(String user, List<String> setCookies) {
            String ip = io.gatehouse.web.ClientAddress.of(exchange);
            String method = exchange.getRequest().getMethod().name();
            if (user == null) {
                log.info("report-only: would refuse login on {}: its request named no user", path);
                return events.wouldEnforce("-", ip, "identity-unknown", method, path).thenReturn(false);
            }
            Map<String, String> cookies = new LinkedHashMap<>();
            if (setCookies.isEmpty()) {
                sessionCookies.in(exchange.getRequest()).forEach((name, values) -> cookies.put(name, values.get(0)));
            }
            for (String header : setCookies) {
                SessionCookies.ParsedSetCookie cookie = SessionCookies.ParsedSetCookie.parse(header);
                if (cookie != null) {
                    cookies.put(cookie.name(), cookie.value());
                }
            }
            String returnTo = safeReturnTo(getDelegate().getHeaders().getFirst(HttpHeaders.LOCATION));
            // An administrator's "must enroll at next login" is left for enforce mode: honouring it deletes the secret.
            return Mono.zip(GatehouseSession.of(exchange), twoFactor.isEnrolled(user)).flatMap(both -> {
                GatehouseSession session = both.getT1();
                boolean enrolled = both.getT2();
                session.signIn(user, enrolled, "", returnTo);
                PolicyMode mode = policy.resolve(new RequestFacts("GET", pathOf(returnTo),
                        exchange.getRequest().getHeaders().getFirst(HttpHeaders.HOST), Map.of(),
                        java.util.Optional.of(user))).mode();
                log.info("login observed (report-only): user={} enrolled={} target={} policy={}", user, enrolled,
                        returnTo, mode);
                Mono<Void> audited = events.loginObserved(user, ip, enrolled, mode.name().toLowerCase(java.util.Locale.ROOT));
                if (enrolled || mode == PolicyMode.REQUIRED) {
                    log.info("report-only: would hold the cookies of {}'s login for {}", user,
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
                    headers.add(HttpHeaders.SET_COOKIE, RememberedBrowserCookie.expired(exchange.getRequest()).toString());
                }
            });
        }

        /**
         * Whether the user is enrolled, after honouring an administrator's "must enroll at next login": that flag
         * deletes the current secret (like a disable) and sends the user to enrollment whatever the policy says.
         */
        private Mono<LoginEnrollment> enrolledAfterReset(String user) {
            return twoFactor.mustEnroll(user).flatMap(must -> must
                    ? twoFactor.disable(user).thenReturn(new LoginEnrollment(false, true))
                    : twoFactor.isEnrolled(user).map(enrolled -> new LoginEnrollment(enrolled, false)));
        }

        /** The upstream's answer is replaced by a way to the second factor; only our cookies survive. */
        private Mono<Void> answerStep(String page, boolean enrolled) {
            clearUpstreamHeaders();
            ServerHttpResponse response = getDelegate();
            if (Answers.wantsHtml(exchange) || isFormPost()) {
                response.setStatusCode(HttpStatus.SEE_OTHER);
                response.getHeaders().setLocation(java.net.URI.create(page));
                response.getHeaders().setCacheControl("no-store");
                return response.setComplete();
            }
            return Answers.json(exchange.mutate().response(response).build(),
                    enrolled ? HttpStatus.UNAUTHORIZED : HttpStatus.FORBIDDEN,
                    enrolled ? "second_factor_required" : "enrollment_required", page);
        }

        private Mono<Void> answerUnknownUser() {
            clearUpstreamHeaders();
            ServerWebExchange plain = exchange.mutate().response(getDelegate()).build();
            return Answers.wantsHtml(exchange) || isFormPost()
                    ? pages.render(plain, HttpStatus.FORBIDDEN, PageRenderer.ERROR,
                            Map.of("title", Text.of("identity.title"), "message", Text.of("identity.body")))
                    : Answers.json(plain, HttpStatus.FORBIDDEN, "identity_unknown", null);
        }

        private void clearUpstreamHeaders() {
            HttpHeaders headers = getDelegate().getHeaders();
            List<String> keep = headers.getOrEmpty(HttpHeaders.SET_COOKIE);
            List<String> kept = List.copyOf(keep);
            headers.clear();
            kept.forEach(cookie -> headers.add(HttpHeaders.SET_COOKIE, cookie));
        }

        private boolean isFormPost() {
            var type = exchange.getRequest().getHeaders().getContentType();
            return type != null && (type.isCompatibleWith(org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED)
                    || type.isCompatibleWith(org.springframework.http.MediaType.MULTIPART_FORM_DATA));
        }

        /** For an upstream that keeps its session id at login: the cookies the browser sent are now the session. */
        private List<String> heldFromRequest() {
            boolean secure = "https".equals(exchange.getRequest().getURI().getScheme());
            return sessionCookies.in(exchange.getRequest()).entrySet().stream()
                    .map(cookie -> cookie.getKey() + "=" + cookie.getValue().get(0) + "; Path=/; HttpOnly; SameSite=Lax"
                            + (secure ? "; Secure" : ""))
                    .toList();
        }
    }

    private static final String REPLACEMENT = UpstreamResponseFilter.class.getName() + ".replacement";

    /** At a login: enrolled now, and whether a "must enroll" reset just happened. */
    private record LoginEnrollment(boolean enrolled, boolean reset) {
    }

    /** Only a same-origin path may be a return target; anything else returns to the site's root. */
    static String safeReturnTo(String location) {
        if (location == null || !location.startsWith("/") || location.startsWith("//") || location.startsWith("/\\")
                || location.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            return "/";
        }
        return location;
    }

    private static String pathOf(String target) {
        int cut = target.indexOf('?');
        return cut < 0 ? target : target.substring(0, cut);
    }
}
