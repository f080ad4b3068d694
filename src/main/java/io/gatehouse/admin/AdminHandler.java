package io.gatehouse.admin;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditTrail;
import io.gatehouse.session.CsrfProtection;
import io.gatehouse.session.GatehouseSession;
import io.gatehouse.web.ClientAddress;
import io.gatehouse.web.GatehousePaths;
import io.gatehouse.web.PageRenderer;
import io.gatehouse.web.SafeRedirect;
import io.gatehouse.web.Text;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;

/**
 * The admin console: find a user, see their second factor, lockout, sessions and recent events, and act on them
 * (disable 2FA, unlock, require a new enrollment, end sessions). Every action is a CSRF-checked POST, audited, and
 * answered with a redirect back to the user's page and a one-time message.
 */
final class AdminHandler {
    private static final int EVENTS = 50;
    private static final int MAX_USER_LENGTH = 320;

    private final AdminAccess access;
    private final AccountActions actions;
    private final AuditTrail trail;
    private final PageRenderer pages;
    private final CsrfProtection csrf;
    private final String loginPage;
    private final java.time.Clock clock;

    AdminHandler(
            AdminAccess access,
            AccountActions actions,
            AuditTrail trail,
            PageRenderer pages,
            CsrfProtection csrf,
            String loginPage,
            java.time.Clock clock) {
        this.clock = clock;
        this.access = access;
        this.actions = actions;
        this.trail = trail;
        this.pages = pages;
        this.csrf = csrf;
        this.loginPage = loginPage;
    }

    /** {@code GET /_gatehouse/admin[?user=]}. */
    Mono<ServerResponse> show(ServerRequest request, GatehouseSession session) {
        return guarded(request, session, () -> {
            Optional<String> user = request.queryParam("user")
                    .map(String::strip)
                    .filter(u -> !u.isEmpty())
                    .filter(u -> u.length() <= MAX_USER_LENGTH);
            Map<String, Object> model = new HashMap<>();
            model.put("csrf", csrf.token(session));
            model.put("admin", session.user().orElse(""));
            model.put("user", user.orElse(null));
            model.put("now", clock.instant());
            model.put("flash", session.takeFlash().orElse(null));
            Mono<List<Map<String, String>>> events = trail.recent(user.orElse(null), EVENTS);
            if (user.isEmpty()) {
                return events.flatMap(list -> {
                    model.put("overview", null);
                    model.put("events", list);
                    return pages.page(request, HttpStatus.OK, "admin", model);
                });
            }
            return Mono.zip(actions.overview(user.get()), events).flatMap(both -> {
                model.put("overview", both.getT1());
                model.put("events", both.getT2());
                return pages.page(request, HttpStatus.OK, "admin", model);
            });
        });
    }

    /** {@code POST /_gatehouse/admin/disable}: turn 2FA off and end all the user's sessions. */
    Mono<ServerResponse> disable(ServerRequest request, GatehouseSession session) {
        return act(
                request,
                session,
                (user, admin) -> actions.disable(user, Actor.admin(admin), ip(request), true)
                        .map(done -> done.wasEnrolled()
                                ? Text.of("admin.done.disabled", user, done.sessionsEnded())
                                : Text.of("admin.done.notEnrolled", user, done.sessionsEnded())));
    }

    Mono<ServerResponse> unlock(ServerRequest request, GatehouseSession session) {
        return act(
                request,
                session,
                (user, admin) -> actions.unlock(user, Actor.admin(admin), ip(request))
                        .map(cleared -> Text.of(cleared ? "admin.done.unlocked" : "admin.done.notLocked", user)));
    }

    Mono<ServerResponse> requireEnrollment(ServerRequest request, GatehouseSession session) {
        return act(
                request,
                session,
                (user, admin) -> actions.requireEnrollment(user, Actor.admin(admin), ip(request))
                        .thenReturn(Text.of("admin.done.mustEnroll", user)));
    }

    Mono<ServerResponse> revokeSessions(ServerRequest request, GatehouseSession session) {
        return act(
                request,
                session,
                (user, admin) -> actions.revokeSessions(user, Actor.admin(admin), ip(request))
                        .map(ended -> Text.of("admin.done.sessionsEnded", user, ended)));
    }

    /** An action: access, CSRF, the {@code user} field, then the work and a redirect to that user's page. */
    private Mono<ServerResponse> act(
            ServerRequest request,
            GatehouseSession session,
            java.util.function.BiFunction<String, String, Mono<Text>> work) {
        return guarded(
                request,
                session,
                () -> csrf.checkedForm(request, session).flatMap(form -> {
                    String user = Optional.ofNullable(form.getFirst("user"))
                            .map(String::strip)
                            .orElse("");
                    if (user.isEmpty() || user.length() > MAX_USER_LENGTH) {
                        return SafeRedirect.seeOther(GatehousePaths.ADMIN);
                    }
                    return work.apply(user, session.user().orElseThrow()).flatMap(done -> {
                        session.flash(
                                done.key(),
                                done.arguments().stream().map(String::valueOf).toList());
                        return SafeRedirect.seeOther(
                                GatehousePaths.ADMIN + "?user=" + UriUtils.encodeQueryParam(user, "UTF-8"));
                    });
                }));
    }

    /** The page for an admin with a fresh second factor; otherwise to the login, to the challenge, or refused. */
    private Mono<ServerResponse> guarded(
            ServerRequest request, GatehouseSession session, Supplier<Mono<ServerResponse>> page) {
        return switch (access.check(session)) {
            case ALLOWED -> page.get();
            case SIGN_IN -> SafeRedirect.seeOther(loginPage);
            case STEP_UP -> {
                session.returnTo(GatehousePaths.ADMIN);
                yield SafeRedirect.seeOther(GatehousePaths.CHALLENGE);
            }
            case REFUSED -> pages.page(request, HttpStatus.FORBIDDEN, PageRenderer.DENY, Map.of());
        };
    }

    private static String ip(ServerRequest request) {
        return ClientAddress.of(request.exchange());
    }
}
