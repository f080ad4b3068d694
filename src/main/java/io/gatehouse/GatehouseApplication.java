package io.gatehouse;

import io.gatehouse.cli.GatehouseCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

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
}
