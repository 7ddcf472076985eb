package dev.durablehooks.contract.signature;

import static dev.durablehooks.contract.support.Checks.accepted;
import static dev.durablehooks.contract.support.Checks.rejectedWithoutToken;
import static dev.durablehooks.contract.support.Signatures.GITHUB_SIGNATURE;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.durablehooks.contract.support.ContractTarget;
import dev.durablehooks.contract.support.ContractTest;
import dev.durablehooks.contract.support.Delivery;
import dev.durablehooks.contract.support.Payloads;
import dev.durablehooks.contract.support.Signatures;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The 401 row for GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>}, secret as written. */
@ContractTest
class GitHubSignatureIT {

    private static Delivery order() {
        return Payloads.delivery(Payloads.order(Payloads.newMarker()));
    }

    private static Delivery signed(Delivery d, byte[] key) {
        return d.withHeader(GITHUB_SIGNATURE, Signatures.gitHubSignature(key, d.body()));
    }

    @Test
    void validGitHubSignatureIsAccepted(ContractTarget target) {
        accepted(target.api().deliver(signed(order(), Signatures.utf8(target.secret()))));
    }

    @Test
    void gitHubSignatureMadeWithAnotherSecretIsRejectedWith401(ContractTarget target) {
        target.secret();

        rejectedWithoutToken(401, target.api().deliver(signed(order(), Signatures.utf8("someone-elses-secret"))));
    }

    @Test
    void tamperedBodyFailsGitHubVerificationWith401(ContractTarget target) {
        Delivery genuine = signed(order(), Signatures.utf8(target.secret()));
        Delivery tampered = genuine.withBody((genuine.bodyText() + " ").getBytes(StandardCharsets.UTF_8));

        rejectedWithoutToken(401, target.api().deliver(tampered));
    }

    @Test
    void gitHubSchemeUsesTheSecretAsWrittenEvenWithAWhsecPrefix(ContractTarget target) {
        String secret = target.secret();
        org.junit.jupiter.api.Assumptions.assumeTrue(secret.startsWith("whsec_"),
                "needs a target whose secret is written whsec_<base64>");

        rejectedWithoutToken(401, target.api().deliver(signed(order(), Signatures.standardWebhooksKey(secret))));
    }

    @Test
    void gitHubSignatureWithoutTheSha256PrefixIsRejectedWith401(ContractTarget target) {
        Delivery d = signed(order(), Signatures.utf8(target.secret()));
        String bare = d.header(GITHUB_SIGNATURE).orElseThrow().substring("sha256=".length());

        rejectedWithoutToken(401, target.api().deliver(d.withHeader(GITHUB_SIGNATURE, bare)));
    }

    @Test
    void gitHubRejectionNeverRevealsTheExpectedSignature(ContractTarget target) {
        Delivery d = order();
        String expected = Signatures.gitHubSignature(Signatures.utf8(target.secret()), d.body())
                .substring("sha256=".length());

        String error = rejectedWithoutToken(401, target.api().deliver(signed(d, Signatures.utf8("wrong"))));

        assertFalse(error.contains(expected.substring(0, 16)), () -> "the error leaks the expected signature: " + error);
    }
}
