package dev.durablehooks.service;

import dev.durablehooks.service.config.ConfigException;
import dev.durablehooks.service.config.ConfigLoader;
import dev.durablehooks.service.config.ServiceConfig;

import java.security.SecureRandom;
import java.time.Clock;

/** {@code java -jar webhook-service.jar}: configuration from the environment, then the service until SIGTERM. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        ServiceConfig config;
        try {
            config = new ConfigLoader(System.getenv(), () -> new SecureRandom().nextLong(),
                    Runtime.getRuntime().maxMemory()).load();
        } catch (ConfigException e) {
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        WebhookService service;
        try {
            service = WebhookService.start(config, Clock.systemUTC());
        } catch (Exception e) {
            // Configuration that parsed but cannot be used (a port in use, an unwritable DATA_DIR) names its values.
            System.err.println("Cannot start the webhook service (DATA_DIR=" + config.dataDir() + ", BIND_ADDRESS="
                    + config.bindAddress() + ", PORT=" + config.port() + "): " + e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "shutdown"));
        System.out.println("Listening on " + service.baseUrl());
        System.out.flush();
    }
}
