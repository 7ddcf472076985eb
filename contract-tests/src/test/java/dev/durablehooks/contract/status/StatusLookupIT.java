package dev.durablehooks.contract.status;

import static dev.durablehooks.contract.support.Checks.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.durablehooks.contract.support.ApiResponse;
import dev.durablehooks.contract.support.ContractTarget;
import dev.durablehooks.contract.support.ContractTest;
import dev.durablehooks.contract.support.Json;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** GET /status/{token}: the 400 and 404 rows. */
@ContractTest
class StatusLookupIT {

    @Test
    void statusWithoutATokenAnswers400MissingExecutionTokenParameter(ContractTarget target) {
        ApiResponse r = target.api().get("/status/");

        rejected(400, r);
        assertEquals(Json.parse("{\"error\":\"Missing executionToken parameter\"}"), r.json());
    }

    @Test
    void tokenShorterThan16CharactersAnswers400(ContractTarget target) {
        rejected(400, target.api().status("abc123"));
    }

    @Test
    void tokenLongerThan64CharactersAnswers400(ContractTarget target) {
        rejected(400, target.api().status("a".repeat(65)));
    }

    @Test
    void tokenWithCharactersOutsideTheTokenAlphabetAnswers400(ContractTarget target) {
        rejected(400, target.api().status("abcdefgh.ijklmnop%24qrs"));
    }

    @Test
    void unknownWellFormedTokenAnswers404NamingTheToken(ContractTarget target) {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);

        ApiResponse r = target.api().status(token);

        rejected(404, r);
        assertEquals(Json.parse("{\"error\":\"Execution token not found\",\"executionToken\":\"" + token + "\"}"),
                r.json());
    }
}
