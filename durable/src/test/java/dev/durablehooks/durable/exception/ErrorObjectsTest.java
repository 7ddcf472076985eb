package dev.durablehooks.durable.exception;

import dev.durablehooks.durable.operation.ErrorObject;
import dev.durablehooks.durable.serde.EnvelopeJson;
import dev.durablehooks.durable.serde.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorObjectsTest {
    final ClassLoader loader = getClass().getClassLoader();

    @Test
    void anErrorCarriesTheClassNameMessageAndFramesAsClassMethodFileLine() {
        ErrorObject error = ErrorObjects.from(new IllegalStateException("boom"));

        assertEquals("java.lang.IllegalStateException", error.errorType());
        assertEquals("boom", error.errorMessage());
        assertTrue(error.stackTrace().getFirst().startsWith(getClass().getName() + "|anErrorCarries"), error.stackTrace().getFirst());
        assertEquals(4, error.stackTrace().getFirst().split("\\|").length);
    }

    @Test
    void aDeepStackAndAHugeMessageStayWellUnder32KB() throws IOException {
        RuntimeException deep = recurse(2_000, "m".repeat(100_000));

        ErrorObject error = ErrorObjects.from(deep);
        int jsonBytes = Json.newMapper().writeValueAsString(error).getBytes(StandardCharsets.UTF_8).length;

        assertTrue(jsonBytes < 24 * 1024, "error JSON was " + jsonBytes + " bytes");
        assertTrue(error.errorMessage().contains("truncated"), "a trimmed message says so");
    }

    @Test
    void aMessageOfEscapedAndMultiByteCharactersStaysWellUnder32KBAsJson() throws IOException {
        String hostile = "\u0001\"\\€😀".repeat(20_000);

        ErrorObject error = ErrorObjects.from(new IllegalStateException(hostile));
        int jsonBytes = Json.newMapper().writeValueAsString(error).getBytes(StandardCharsets.UTF_8).length;

        assertTrue(jsonBytes < 24 * 1024, "error JSON was " + jsonBytes + " bytes");
        assertTrue(error.errorMessage().startsWith("\u0001\"\\€😀"));
    }

    private static RuntimeException recurse(int depth, String message) {
        return depth == 0 ? new RuntimeException(message) : recurse(depth - 1, message);
    }

    @Test
    void anUncheckedErrorIsRebuiltAsItsOriginalTypeWithItsStack() {
        ErrorObject error = ErrorObjects.from(new UnsupportedOperationException("no"));

        RuntimeException rebuilt = ErrorObjects.toThrowable(error, loader);

        assertInstanceOf(UnsupportedOperationException.class, rebuilt);
        assertEquals("no", rebuilt.getMessage());
        assertEquals(error.stackTrace().size(), rebuilt.getStackTrace().length);
    }

    @Test
    void aCheckedErrorBecomesAStepFailedExceptionCausedByTheRebuiltOne() {
        ErrorObject error = ErrorObjects.from(new IOException("disk gone"));

        StepFailedException failed = assertInstanceOf(StepFailedException.class, ErrorObjects.toThrowable(error, loader));

        assertInstanceOf(IOException.class, failed.getCause());
        assertEquals(error, failed.error());
        assertEquals("java.io.IOException: disk gone", failed.getMessage());
    }

    @Test
    void aTypeWithoutAStringConstructorBecomesAStepFailedException() {
        ErrorObject error = ErrorObject.of(NoStringConstructor.class.getName(), "x");

        StepFailedException failed = assertInstanceOf(StepFailedException.class, ErrorObjects.toThrowable(error, loader));
        assertNull(failed.getCause());
    }

    public static final class NoStringConstructor extends RuntimeException {
        public NoStringConstructor(int code) {
            super("code " + code);
        }
    }

    @Test
    void aStoredTypeThatIsNotAThrowableIsNeverInstantiated() {
        ErrorObject error = ErrorObject.of("java.lang.StringBuilder", "not an exception");

        assertInstanceOf(StepFailedException.class, ErrorObjects.toThrowable(error, loader));
    }

    @Test
    void aStoredSuspensionTypeIsNotRebuiltIntoASuspension() {
        ErrorObject error = ErrorObject.of(SuspendExecutionException.class.getName(), "forged");

        assertInstanceOf(StepFailedException.class, ErrorObjects.toThrowable(error, loader));
    }

    @Test
    void aStepFailedExceptionReportsTheErrorItCarries() {
        ErrorObject original = ErrorObject.of("com.example.Gone", "gone");

        assertSame(original, ErrorObjects.from(new StepFailedException(original)));
    }

    @Test
    void theErrorWireFormUsesUpperCamelCaseKeys() {
        String json = EnvelopeJson.writeOperation(new dev.durablehooks.durable.operation.Operation("x", null, null,
                dev.durablehooks.durable.operation.OperationType.STEP, null,
                dev.durablehooks.durable.operation.OperationStatus.FAILED, null, null, null, null,
                new dev.durablehooks.durable.operation.StepDetails(1, null, null, ErrorObject.of("T", "m")), null));

        assertTrue(json.contains("\"Error\":{\"ErrorType\":\"T\",\"ErrorMessage\":\"m\"}"), json);
    }
}
