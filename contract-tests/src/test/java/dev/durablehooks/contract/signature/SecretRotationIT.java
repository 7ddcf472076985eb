package dev.durablehooks.contract.signature;

import static dev.durablehooks.contract.support.Checks.accepted;
import static dev.durablehooks.contract.support.Checks.rejectedWithoutToken;

import dev.durablehooks.contract.support.ContractTarget;
import dev.durablehooks.contract.support.ContractTest;
import dev.durablehooks.contract.support.Payloads;
import dev.durablehooks.contract.support.ServiceUnderTest;
import dev.durablehooks.contract.support.SignatureScheme;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rotation: a service configured with two secrets (the retiring one first) accepts a signature made with either, in
 * every scheme, and nothing else.
 */
@ContractTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretRotationIT {

    private static final String OLD_SECRET = "whsec_" + java.util.Base64.getEncoder()
            .encodeToString("rotation-old-key-material".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    private static final String NEW_SECRET = "plain-new-rotation-secret";

    private ServiceUnderTest service;

    @BeforeAll
    void start(ContractTarget target) {
        service = target.startDedicated("rotation", Map.of("WEBHOOK_SECRET", OLD_SECRET + "," + NEW_SECRET));
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void deliverySignedWithTheRetiringSecretIsStillAccepted(SignatureScheme scheme) {
        var d = scheme.sign(Payloads.delivery(Payloads.order(Payloads.newMarker())), OLD_SECRET);

        accepted(service.api().deliver(d));
    }

    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void deliverySignedWithTheNewSecretIsAccepted(SignatureScheme scheme) {
        var d = scheme.sign(Payloads.delivery(Payloads.order(Payloads.newMarker())), NEW_SECRET);

        accepted(service.api().deliver(d));
    }

    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void deliverySignedWithASecretThatIsNotConfiguredIsRejected(SignatureScheme scheme) {
        var d = scheme.sign(Payloads.delivery(Payloads.order(Payloads.newMarker())), "whsec_"
                + java.util.Base64.getEncoder().encodeToString("long-gone-secret".getBytes()));

        rejectedWithoutToken(401, service.api().deliver(d));
    }
}
