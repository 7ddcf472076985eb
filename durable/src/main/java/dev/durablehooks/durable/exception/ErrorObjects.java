package dev.durablehooks.durable.exception;

import dev.durablehooks.durable.operation.ErrorObject;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts between exceptions and the wire {@link ErrorObject}. Errors are kept small (the service rejects
 * error-bearing updates over about 32 KB): the message and the stack trace are trimmed.
 */
public final class ErrorObjects {
    static final int MAX_MESSAGE_CHARS = 8 * 1024;
    static final int MAX_FRAMES = 32;
    static final int MAX_FRAME_CHARS = 300;

    private ErrorObjects() {
    }

    /** ErrorType = class name, ErrorMessage = message, StackTrace = {@code class|method|file|line} per frame. */
    public static ErrorObject from(Throwable error) {
        if (error instanceof StepFailedException stepFailed) {
            return stepFailed.error();
        }
        StackTraceElement[] frames = error.getStackTrace();
        List<String> trace = new ArrayList<>(Math.min(frames.length, MAX_FRAMES));
        for (int i = 0; i < frames.length && i < MAX_FRAMES; i++) {
            StackTraceElement f = frames[i];
            trace.add(truncate(f.getClassName() + "|" + f.getMethodName() + "|" + f.getFileName() + "|" + f.getLineNumber(),
                    MAX_FRAME_CHARS));
        }
        return new ErrorObject(error.getClass().getName(), truncate(error.getMessage(), MAX_MESSAGE_CHARS), null, trace);
    }

    /**
     * The exception to throw for a stored error: the original type when it is an unchecked exception with a
     * public {@code (String)} constructor, otherwise a {@link StepFailedException} carrying the error
     * (with the rebuilt checked exception, if any, as its cause).
     */
    public static RuntimeException toThrowable(ErrorObject error, ClassLoader loader) {
        Throwable rebuilt = rebuild(error, loader);
        if (rebuilt instanceof RuntimeException runtime) {
            return runtime;
        }
        if (rebuilt instanceof Error e) {
            throw e;
        }
        return new StepFailedException(error, rebuilt);
    }

    private static Throwable rebuild(ErrorObject error, ClassLoader loader) {
        if (error.errorType() == null) {
            return null;
        }
        try {
            Class<?> type = Class.forName(error.errorType(), false, loader);
            if (!Throwable.class.isAssignableFrom(type) || SuspendExecutionException.class.isAssignableFrom(type)
                    || VirtualMachineError.class.isAssignableFrom(type)) {
                return null;
            }
            Constructor<?> constructor = type.getConstructor(String.class);
            Throwable rebuilt = (Throwable) constructor.newInstance(error.errorMessage());
            rebuilt.setStackTrace(parseStackTrace(error.stackTrace()));
            return rebuilt;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    static StackTraceElement[] parseStackTrace(List<String> frames) {
        if (frames == null) {
            return new StackTraceElement[0];
        }
        List<StackTraceElement> parsed = new ArrayList<>(frames.size());
        for (String frame : frames) {
            String[] parts = frame == null ? new String[0] : frame.split("\\|", -1);
            if (parts.length != 4) {
                continue;
            }
            int line;
            try {
                line = Integer.parseInt(parts[3]);
            } catch (NumberFormatException e) {
                line = -1;
            }
            String file = "null".equals(parts[2]) ? null : parts[2];
            parsed.add(new StackTraceElement(parts[0], parts[1], file, line));
        }
        return parsed.toArray(StackTraceElement[]::new);
    }

    private static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "… [truncated " + (text.length() - max) + " chars]";
    }
}
