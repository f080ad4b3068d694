package io.gatehouse.account;

import io.gatehouse.admin.AccountActions;
import io.gatehouse.audit.Actor;
import io.gatehouse.policy.PolicyResolver;
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
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code /_gatehouse/account}: whether 2FA is on, since when, when last used, recovery codes left; activate it
 * (through enrollment, back here), regenerate recovery codes, or turn it off where no required rule can apply to
 * the user. Regenerating and turning off need a current passcode, counted toward the lockout like any other.
 */
final class AccountHandler {

    private final TwoFactorService twoFactor;
    private final AccountActions actions;
    private final PolicyResolver policy;
    private final PageRenderer pages;
    private final CsrfProtection csrf;
    private final String loginPage;
    private final SessionLifetime lifetime;

    AccountHandler(
            TwoFactorService twoFactor,
            AccountActions actions,
            PolicyResolver policy,
            PageRenderer pages,
            CsrfProtection csrf,
            String loginPage,
            SessionLifetime lifetime) {
        this.lifetime = lifetime;
        this.twoFactor = twoFactor;
        this.actions = actions;
        this.policy = policy;
        this.pages = pages;
        this.csrf = csrf;
        this.loginPage = loginPage;
    }

    Mono<ServerResponse> show(ServerRequest request, GatehouseSession session) {
        return signedIn(session, user -> page(request, session, user, null, null, HttpStatus.OK));
    }

    /** {@code POST /_gatehouse/account/activate}: to enrollment, which comes back here. */
    Mono<ServerResponse> activate(ServerRequest request, GatehouseSession session) {
        return signedIn(
                session,
                user -> csrf.checkedForm(request, session).flatMap(form -> {
                    session.returnTo(GatehousePaths.ACCOUNT);
                    return SafeRedirect.seeOther(GatehousePaths.ENROLL);
                }));
    }

    /** {@code POST /_gatehouse/account/recovery-codes}: a new set, shown once on the recovery-codes page. */
    Mono<ServerResponse> regenerate(ServerRequest request, GatehouseSession session) {
        return signedIn(
                session,
                user -> withPasscode(
                        request,
                        session,
                        user,
                        "regenerate",
                        () -> twoFactor
                                .regenerateRecoveryCodes(user)
                                .flatMap(codes -> {
                                    session.recoveryCodesToShow(codes);
                                    session.returnTo(GatehousePaths.ACCOUNT);
                                    return SafeRedirect.seeOther(GatehousePaths.RECOVERY_CODES);
                                })
                                .switchIfEmpty(Mono.defer(() -> SafeRedirect.seeOther(GatehousePaths.ACCOUNT)))));
    }

    /** {@code POST /_gatehouse/account/disable}. */
    Mono<ServerResponse> disable(ServerRequest request, GatehouseSession session) {
        return signedIn(session, user -> {
            if (policy.mayRequire(user)) {
                return csrf.checkedForm(request, session)
                        .flatMap(form -> page(
                                request,
                                session,
                                user,
                                "disable",
                                Text.of("account.disable.required"),
                                HttpStatus.FORBIDDEN));
            }
            return withPasscode(
                    request,
                    session,
                    user,
                    "disable",
                    () -> actions.disable(user, Actor.self(user), ClientAddress.of(request.exchange()), false)
                            .flatMap(done -> {
                                session.flash("account.disabled");
                                return SafeRedirect.seeOther(GatehousePaths.ACCOUNT);
                            }));
        });
    }

    /** Checks CSRF and the passcode field; a wrong code re-shows the page with the error on that form. */
    private Mono<ServerResponse> withPasscode(
            ServerRequest request,
            GatehouseSession session,
            String user,
            String form,
            Supplier<Mono<ServerResponse>> action) {
        return csrf.checkedForm(request, session)
                .flatMap(fields -> twoFactor.verify(user, code(fields), ClientAddress.of(request.exchange())))
                .flatMap(result -> {
                    if (result instanceof VerificationResult.Accepted) {
                        return action.get();
                    }
                    Text error = result instanceof VerificationResult.Replayed
                            ? Text.of("challenge.error.replayed")
                            : result instanceof VerificationResult.LockedOut
                                    ? Text.of("account.error.locked")
                                    : result instanceof VerificationResult.NotEnrolled
                                            ? Text.of("account.error.notEnrolled")
                                            : Text.of("challenge.error.invalid");
                    return page(request, session, user, form, error, HttpStatus.OK);
                });
    }

    private Mono<ServerResponse> page(
            ServerRequest request,
            GatehouseSession session,
            String user,
            String errorForm,
            Text error,
            HttpStatus status) {
        return twoFactor.status(user).flatMap(account -> {
            Map<String, Object> model = new HashMap<>();
            model.put("csrf", csrf.token(session));
            model.put("user", user);
            model.put("account", account);
            model.put("mayTurnOff", !policy.mayRequire(user));
            model.put("flash", session.takeFlash().orElse(null));
            model.put("regenerateError", "regenerate".equals(errorForm) ? error : null);
            model.put("disableError", "disable".equals(errorForm) ? error : null);
            return pages.page(request, status, "account", model);
        });
    }

    /** The page for a released session's user; otherwise to the login, or to the challenge past the session's limits. */
    private Mono<ServerResponse> signedIn(GatehouseSession session, Function<String, Mono<ServerResponse>> page) {
        Optional<String> user = session.user();
        if (user.isEmpty() || !session.state().released()) {
            return SafeRedirect.seeOther(loginPage);
        }
        if (lifetime.ended(session)) {
            // Past the idle or absolute limit: the challenge first, as on the site's protected routes.
            session.returnTo(GatehousePaths.ACCOUNT);
            return SafeRedirect.seeOther(GatehousePaths.CHALLENGE);
        }
        return page.apply(user.get());
    }

    private static String code(MultiValueMap<String, String> fields) {
        String code = fields.getFirst("code");
        return code == null ? "" : code;
    }
}
