package io.gatehouse.notify;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.config.MailProperties;
import io.gatehouse.web.MessageBundles;
import java.util.Properties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** The mail sender built from {@code gatehouse.mail.*} (not Spring Boot's {@code spring.mail.*}) and the notifier. */
@Configuration(proxyBeanMethods = false)
public class NotifyConfiguration {

    /** The plain-text parts, compiled by the second jte-maven-plugin execution into their own package. */
    static final String TEXT_PACKAGE = "gg.jte.generated.text";

    @Bean
    Notifier notifier(GatehouseProperties properties, TemplateEngine pageTemplateEngine, MessageBundles bundles) {
        return create(properties, pageTemplateEngine, bundles);
    }

    /** For the CLI too, which has no web context. */
    public static Notifier create(GatehouseProperties properties, TemplateEngine htmlEngine, MessageBundles bundles) {
        MailProperties mail = properties.mail();
        TemplateEngine text = TemplateEngine.createPrecompiled(
                null, ContentType.Plain, NotifyConfiguration.class.getClassLoader(), TEXT_PACKAGE);
        return new Notifier(
                mail,
                mail.smtpConfigured() ? sender(mail) : null,
                htmlEngine,
                text,
                bundles,
                properties.ui().siteName());
    }

    private static JavaMailSenderImpl sender(MailProperties mail) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(mail.host());
        sender.setPort(mail.port());
        sender.setDefaultEncoding("UTF-8");
        Properties javaMail = sender.getJavaMailProperties();
        if (mail.username() != null && !mail.username().isBlank()) {
            sender.setUsername(mail.username());
            sender.setPassword(mail.password());
            javaMail.put("mail.smtp.auth", "true");
        }
        javaMail.put("mail.smtp.starttls.enable", Boolean.toString(mail.starttls()));
        javaMail.put("mail.smtp.starttls.required", Boolean.toString(mail.starttls()));
        String timeout = Long.toString(mail.timeout().toMillis());
        javaMail.put("mail.smtp.connectiontimeout", timeout);
        javaMail.put("mail.smtp.timeout", timeout);
        javaMail.put("mail.smtp.writetimeout", timeout);
        return sender;
    }
}
