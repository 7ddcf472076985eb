package dev.durablehooks.launcher;

import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A stand-in for the webhook service, run by the tests as a child JVM: it binds {@code PORT} on {@code BIND_ADDRESS},
 * prints {@code Listening on http://host:port} and waits, the way the real service does. {@code FAKE_MODE} makes it
 * misbehave: {@code exit} (a configuration error, exit code 2, before listening), {@code silent} (never listens),
 * {@code slow-stop} (its shutdown hook hangs, so only SIGKILL ends it), {@code halt} (halts itself with 137 right
 * after a last stderr line, like a chaos fault).
 */
public final class FakeService {
    public static void main(String[] args) throws Exception {
        String mode = System.getenv().getOrDefault("FAKE_MODE", "listen");
        System.out.println("env DATA_DIR=" + System.getenv("DATA_DIR"));
        System.out.println("env FAKE_EXTRA=" + System.getenv("FAKE_EXTRA"));
        System.out.println("env JAVA_TOOL_OPTIONS=" + System.getenv("JAVA_TOOL_OPTIONS"));
        switch (mode) {
            case "exit" -> {
                System.err.println("Configuration error: FAKE_SETTING must be a number");
                System.exit(2);
            }
            case "silent" -> Thread.sleep(Long.MAX_VALUE);
            default -> { }
        }
        int port = Integer.parseInt(System.getenv("PORT"));
        try (ServerSocket socket = new ServerSocket(port, 50, InetAddress.getByName(System.getenv("BIND_ADDRESS")))) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.err.println("shutdown hook ran");
                if (mode.equals("slow-stop")) {
                    sleep(Long.MAX_VALUE);
                }
            }));
            System.out.println("Listening on http://" + System.getenv("BIND_ADDRESS") + ":" + socket.getLocalPort());
            System.out.flush();
            if (mode.equals("halt")) {
                Thread.sleep(200);
                System.err.println("CHAOS halt step=process");
                System.err.flush();
                Runtime.getRuntime().halt(137);
            }
            while (true) {
                socket.accept().close();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
