package io.gatehouse.challenge;

import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.cookies.CookieRelease;
import io.gatehouse.cookies.RememberedBrowserCookie;
import io.gatehouse.session.CsrfProtection;
import io.gatehouse.session.GatehouseSession;
import io.gatehouse.session.SessionLifetime;
import io.gatehouse.store.TwoFactorService;
import io.gatehouse.store.VerificationResult;
import io.gatehouse.web.ClientAddress;
import io.gatehouse.web.GatehousePaths;
import io.gatehouse.web.PageRenderer;
import io.gatehouse.web.SafeRedirect;
import io.gatehouse.web.Text;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The second factor at sign-in: a passcode from the authenticator app ({@code /_gatehouse/challenge}) or a recovery
 * code ({@code /_gatehouse/recovery}). A pass releases the held upstream cookies and returns the user to where they
 * were going; each failure has its own page, and Redis being down is a 503, never a wrong code.
 */
final class ChallengeHandler {
    static final String FLASH_RECOVERY_USED = "recovery.used";
    static final String FLASH_RECOVERY_USED_LAST = "recovery.usedLast";
    /** Below this many attempts left, the page warns that a lockout is near. */
    private static final int WARN_ATTEMPTS = 2;

    private final TwoFactorService twoFactor;
    private final CookieRelease cookieRelease;
    private final PageRenderer pages;
    private final CsrfProtection csrf;
    private final Clock clock;
    private final String loginPage;
    private final SecurityEvents events;
    /** How long "Remember this browser" lasts; null when the option is not offered. */
    private final Duration rememberBrowser;

    private final SessionLifetime lifetime;

    ChallengeHandler(
            TwoFactorService twoFactor,
            CookieRelease cookieRelease,
            PageRenderer pages,
            CsrfProtection csrf,
            Clock clock,
            String loginPage,
            SecurityEvents events,
            Duration rememberBrowser,
            SessionLifetime lifetime) {
        this.lifetime = lifetime;
        this.events = events;
        this.rememberBrowser = rememberBrowser;
        this.twoFactor = twoFactor;
        this.cookieRelease = cookieRelease;
        this.pages = pages;
        this.csrf = csrf;
        this.clock = clock;
        this.loginPage = loginPage;
    }

    /** Which of the two forms: its template, and the text of a wrong code. */
    private enum Form {
        PASSCODE("challenge", "challenge.error.invalid"),
        RECOVERY_CODE("recovery", "recovery.error.invalid");

        final String template;
        final String invalidKey;

        Form(String template, String invalidKey) {
            this.template = template;
            this.invalidKey = invalidKey;
        }
    }

    Mono<ServerResponse> showChallenge(ServerRequest request, GatehouseSession session) {
        return show(request, session, Form.PASSCODE);
    }

    Mono<ServerResponse> showRecovery(ServerRequest request, GatehouseSession session) {
        return show(request, session, Form.RECOVERY_CODE);
    }

    Mono<ServerResponse> submitChallenge(ServerRequest request, GatehouseSession session) {
        return submit(request, session, Form.PASSCODE);
    }

    Mono<ServerResponse> submitRecovery(ServerRequest request, GatehouseSession session) {
        return submit(request, session, Form.RECOVERY_CODE);
    }

    private Mono<ServerResponse> show(ServerRequest request, GatehouseSession session, Form form) {
        Optional<String> user = session.user();
        if (user.isEmpty()) {
            return SafeRedirect.seeOther(loginPage);
        }
        return twoFactor
                .isEnrolled(user.get())
                .flatMap(enrolled -> enrolled
                        ? formPage(request, session, form, null, null)
                        : SafeRedirect.seeOther(GatehousePaths.ENROLL));
    }

    private Mono<ServerResponse> submit(ServerRequest request, GatehouseSession session, Form form) {
        Optional<String> user = session.user();
        if (user.isEmpty()) {
            return SafeRedirect.seeOther(loginPage);
        }
        return csrf.checkedForm(request, session)
                .flatMap(fields -> verify(request, form, user.get(), code(fields))
                        .flatMap(result -> audit(request, user.get(), result).thenReturn(result))
                        .flatMap(result -> remember(request, form, user.get(), fields, result)
                                .thenReturn(result))
                        .flatMap(result -> answer(request, session, form, result)));
    }

    private Mono<VerificationResult> verify(ServerRequest request, Form form, String user, String code) {
        String clientIp = ClientAddress.of(request.exchange());
        return form == Form.PASSCODE
                ? twoFactor.verify(user, code, clientIp)
                : twoFactor.verifyRecoveryCode(user, code, clientIp);
    }

    /**
     * After a right passcode with "Remember this browser" ticked (where offered): a signed token for this user in a
     * cookie, so that the next sign-in here skips the challenge. Recovery codes never remember a browser.
     */
    private Mono<Void> remember(
            ServerRequest request,
            Form form,
            String user,
            MultiValueMap<String, String> fields,
            VerificationResult result) {
        if (rememberBrowser == null
                || form != Form.PASSCODE
                || !(result instanceof VerificationResult.Accepted)
                || !"on".equals(fields.getFirst("remember"))) {
            return Mono.empty();
        }
        ServerHttpRequest browser = request.exchange().getRequest();
        return twoFactor.rememberBrowser(user, rememberBrowser).flatMap(token -> {
            request.exchange()
                    .getResponse()
                    .getHeaders()
                    .add(
                            HttpHeaders.SET_COOKIE,
                            RememberedBrowserCookie.of(browser, token, rememberBrowser)
                                    .toString());
            return events.browserRemembered(user, ClientAddress.of(request.exchange()), rememberBrowser);
        });
    }

    /** Every outcome is an audit event; recovery-code use and a lockout also email the user. */
    private Mono<Void> audit(ServerRequest request, String user, VerificationResult result) {
        String ip = ClientAddress.of(request.exchange());
        if (result instanceof VerificationResult.Accepted) {
            return events.challengePassed(user, ip);
        }
        if (result instanceof VerificationResult.RecoveryCodeAccepted used) {
            return events.recoveryCodeUsed(user, ip, used.remainingCodes());
        }
        if (result instanceof VerificationResult.InvalidCode) {
            return events.challengeFailed(user, ip, "invalid");
        }
        if (result instanceof VerificationResult.Replayed) {
            return events.challengeFailed(user, ip, "replayed");
        }
        if (result instanceof VerificationResult.LockedOut locked) {
            return events.lockedOut(user, ip, locked.until(), locked.scope() == VerificationResult.LockScope.USER);
        }
        return Mono.empty();
    }

    private Mono<ServerResponse> answer(
            ServerRequest request, GatehouseSession session, Form form, VerificationResult result) {
        if (result instanceof VerificationResult.Accepted) {
            return cookieRelease
                    .releaseVerified(request.exchange(), session)
                    .then(Mono.defer(() -> SafeRedirect.seeOther(session.returnTo())));
        }
        if (result instanceof VerificationResult.RecoveryCodeAccepted accepted) {
            if (accepted.remainingCodes() == 0) {
                session.flash(FLASH_RECOVERY_USED_LAST);
            } else {
                session.flash(FLASH_RECOVERY_USED, List.of(Long.toString(accepted.remainingCodes())));
            }
            return cookieRelease
                    .releaseVerified(request.exchange(), session)
                    .then(Mono.defer(() -> SafeRedirect.seeOther(session.returnTo())));
        }
        if (result instanceof VerificationResult.InvalidCode invalid) {
            Text warning = invalid.remainingAttempts() <= WARN_ATTEMPTS
                    ? Text.of("challenge.attemptsLeft", invalid.remainingAttempts())
                    : null;
            return formPage(request, session, form, Text.of(form.invalidKey), warning);
        }
        if (result instanceof VerificationResult.Replayed) {
            return formPage(request, session, form, Text.of("challenge.error.replayed"), null);
        }
        if (result instanceof VerificationResult.LockedOut lockedOut) {
            return LockoutNotice.of(lockedOut, clock.instant()).page(pages, request);
        }
        return SafeRedirect.seeOther(GatehousePaths.ENROLL);
    }

    private Mono<ServerResponse> formPage(
            ServerRequest request, GatehouseSession session, Form form, Text error, Text errorDetail) {
        Map<String, Object> model = new HashMap<>();
        model.put("csrf", csrf.token(session));
        model.put("error", error);
        model.put("errorDetail", errorDetail);
        // A session past its idle or absolute limit is told why it is asked again, not just sent round.
        model.put("ended", lifetime.explanation(session).orElse(null));
        if (form == Form.PASSCODE) {
            model.put("rememberDays", rememberBrowser == null ? 0L : rememberBrowser.toDays());
        }
        return pages.page(request, HttpStatus.OK, form.template, model);
    }

    private static String code(MultiValueMap<String, String> fields) {
        String code = fields.getFirst("code");
        return code == null ? "" : code;
    }
}
