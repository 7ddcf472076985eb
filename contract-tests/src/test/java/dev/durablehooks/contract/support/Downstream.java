package dev.durablehooks.contract.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.Comparator;
import java.util.List;

/**
 * The downstream system behind FORWARD_URL, played by WireMock. It answers 200 to every forward unless a test has
 * scripted answers for its own payloads: each test tags its payload with a unique {@code data.marker}, and scripts and
 * request counts match on that marker, so tests never see each other's traffic.
 */
public final class Downstream implements AutoCloseable {

    public static final String PATH = "/downstream/events";
    private static final int DEFAULT_PRIORITY = 10;
    private static final int SCRIPTED_PRIORITY = 1;

    private final WireMockServer server;

    private Downstream(WireMockServer server) {
        this.server = server;
    }

    public static Downstream start() {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(64));
        server.start();
        server.stubFor(post(urlPathEqualTo(PATH)).atPriority(DEFAULT_PRIORITY)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"received\":true}")));
        return new Downstream(server);
    }

    public String forwardUrl() {
        return "http://127.0.0.1:" + server.port() + PATH;
    }

    /** Every forward of the payload tagged {@code marker} gets this answer. */
    public void answer(String marker, ResponseDefinitionBuilder response) {
        server.stubFor(post(urlPathEqualTo(PATH)).atPriority(SCRIPTED_PRIORITY)
                .withRequestBody(matchingJsonPath("$.data.marker", equalTo(marker)))
                .willReturn(response));
    }

    /** The n-th forward of {@code marker} gets the n-th answer; the last answer repeats from then on. */
    public void answerInSequence(String marker, List<ResponseDefinitionBuilder> responses) {
        String scenario = "sequence-" + marker;
        for (int i = 0; i < responses.size(); i++) {
            var stub = post(urlPathEqualTo(PATH)).atPriority(SCRIPTED_PRIORITY)
                    .withRequestBody(matchingJsonPath("$.data.marker", equalTo(marker)))
                    .inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "answer-" + i)
                    .willReturn(responses.get(i));
            if (i < responses.size() - 1) {
                stub = stub.willSetStateTo("answer-" + (i + 1));
            }
            server.stubFor(stub);
        }
    }

    /** The forwards received for {@code marker}, oldest first. */
    public List<LoggedRequest> forwardsFor(String marker) {
        return server.findAll(postRequestedFor(urlPathEqualTo(PATH))
                        .withRequestBody(matchingJsonPath("$.data.marker", equalTo(marker))))
                .stream().sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
    }

    public static ResponseDefinitionBuilder status(int status) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"downstream\":" + status + "}");
    }

    @Override
    public void close() {
        server.stop();
    }
}
