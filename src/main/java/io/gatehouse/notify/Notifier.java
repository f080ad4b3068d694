package io.gatehouse.notify;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.gatehouse.config.MailProperties;
import io.gatehouse.web.MessageBundles;
import io.gatehouse.web.Messages;
import io.gatehouse.web.Text;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Sends a {@link Notice} as a text-and-HTML email on the bounded elastic scheduler (SMTP blocks), with bounded
 * retries. It never fails the caller: a user without an address, a refused send or no SMTP server at all ends in a
 * log line. Without SMTP configured the email is written to the log in full.
 */
public final class Notifier {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private final MailProperties mail;
    private final JavaMailSender sender;
    private final MailAddresses addresses;
    private final TemplateEngine html;
    private final TemplateEngine text;
    private final MessageBundles bundles;
    private final String siteName;

    /** {@code sender} null means "log, do not send". */
    public Notifier(
            MailProperties mail,
            JavaMailSender sender,
            TemplateEngine html,
            TemplateEngine text,
            MessageBundles bundles,
            String siteName) {
        this.mail = mail;
        this.sender = sender;
        this.addresses = new MailAddresses(mail.addressTemplate());
        this.html = html;
        this.text = text;
        this.bundles = bundles;
        this.siteName = siteName;
    }

    /** Whether {@code user} can receive email at all (for verify-email before enrollment). */
    public Optional<String> addressOf(String user) {
        return addresses.of(user);
    }

    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    /** Queues the email and returns at once. */
    public void send(Notice notice) {
        inFlight.incrementAndGet();
        sending(notice).doFinally(signal -> inFlight.decrementAndGet()).subscribe();
    }

    /** For the CLI, which must not exit while an email is still going out: waits up to {@code limit}. */
    public boolean awaitIdle(java.time.Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return inFlight.get() == 0;
    }

    /** The same as a Mono that completes when the email went out or was given up (never with an error). */
    public Mono<Void> sending(Notice notice) {
        Optional<String> to = addresses.of(notice.user());
        if (to.isEmpty()) {
            log.info(
                    "no email address for user {}: {} not sent (set gatehouse.mail.address-template)",
                    notice.user(),
                    notice.getClass().getSimpleName());
            return Mono.empty();
        }
        Messages msg = bundles.english();
        String subject = msg.get(notice.subjectKey(), siteName);
        Map<String, Object> model = model(msg, notice, subject);
        String plain = render(text, model);
        String rich = render(html, model);
        if (sender == null) {
            log.info(
                    "email (gatehouse.mail.host not set, so not sent)\nTo: {}\nSubject: {}\n\n{}",
                    to.get(),
                    subject,
                    plain);
            return Mono.empty();
        }
        return Mono.fromRunnable(() -> deliver(to.get(), subject, plain, rich))
                .subscribeOn(Schedulers.boundedElastic())
                .retryWhen(Retry.backoff(mail.retries(), mail.retryDelay()))
                .doOnSuccess(done -> log.info("email sent to {}: {}", to.get(), subject))
                .onErrorResume(error -> {
                    log.warn(
                            "email to {} ({}) not sent after {} attempts: {}",
                            to.get(),
                            subject,
                            mail.retries() + 1,
                            rootMessage(error));
                    return Mono.empty();
                })
                .then();
    }

    private Map<String, Object> model(Messages msg, Notice notice, String subject) {
        Map<String, Object> model = new HashMap<>();
        model.put("msg", msg);
        model.put("subject", subject);
        model.put("siteName", siteName);
        List<String> paragraphs = notice.paragraphs().stream().map(msg::get).toList();
        model.put("paragraphs", paragraphs);
        Text ifNotYou = notice.ifNotYou();
        model.put("ifNotYou", ifNotYou == null ? null : msg.get(ifNotYou));
        return model;
    }

    private void deliver(String to, String subject, String plain, String rich) {
        try {
            MimeMessage message = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
            helper.setFrom(mail.from());
            helper.setTo(to);
            helper.setSubject(subject);
            helper.setText(plain, rich);
            sender.send(message);
        } catch (MessagingException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static String render(TemplateEngine engine, Map<String, Object> model) {
        StringOutput output = new StringOutput();
        engine.render("mail/notice.jte", model, output);
        return output.toString();
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
