package io.gatehouse;

import io.gatehouse.cli.GatehouseCli;
import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** Entry point: Gatehouse, a 2FA gateway in front of an unchanged web application. */
@SpringBootApplication
public class GatehouseApplication {

    public static void main(String[] args) {
        if (GatehouseCli.isCommand(args)) {
            GatehouseCli.main(args);
            return;
        }
        SpringApplication.run(GatehouseApplication.class, args);
    }

    /** The one clock every part is given, so that tests can set the time. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The one source of randomness every part is given. */
    @Bean
    SecureRandom secureRandom() {
        return new SecureRandom();
    }
}
