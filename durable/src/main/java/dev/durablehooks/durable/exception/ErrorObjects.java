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
    /** UTF-8 budgets: the whole error stays far below the service's ~32 KB limit for error-bearing updates. */
    static final int MAX_MESSAGE_BYTES = 8 * 1024;
    static final int MAX_TRACE_BYTES = 8 * 1024;
    static final int MAX_FRAMES = 40;

    private ErrorObjects() {
    }

    /** ErrorType = class name, ErrorMessage = message, StackTrace = {@code class|method|file|line} per frame. */
    public static ErrorObject from(Throwable error) {
        if (error instanceof StepFailedException stepFailed) {
            return stepFailed.error();
        }
        StackTraceElement[] frames = error.getStackTrace();
        List<String> trace = new ArrayList<>(Math.min(frames.length, MAX_FRAMES));
        int traceBytes = 0;
        for (int i = 0; i < frames.length && i < MAX_FRAMES; i++) {
            StackTraceElement f = frames[i];
            String frame = f.getClassName() + "|" + f.getMethodName() + "|" + f.getFileName() + "|" + f.getLineNumber();
            traceBytes += jsonLength(frame) + 3; // quotes and comma
            if (traceBytes > MAX_TRACE_BYTES) {
                break;
            }
            trace.add(frame);
        }
        return new ErrorObject(truncate(error.getClass().getName(), 1024), truncate(error.getMessage(), MAX_MESSAGE_BYTES),
                null, trace);
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

    /** Cuts {@code text} so its JSON form is at most about {@code maxBytes} (never inside a surrogate pair), saying so. */
    static String truncate(String text, int maxBytes) {
        if (text == null || jsonLength(text) <= maxBytes) {
            return text;
        }
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int size = jsonLength(cp);
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return text.substring(0, end) + "... [truncated " + (text.length() - end) + " chars]";
    }

    /** Bytes of {@code text} inside a JSON string: UTF-8, with escapes for quotes, backslashes and control characters. */
    static int jsonLength(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            bytes += jsonLength(cp);
            i += Character.charCount(cp);
        }
        return bytes;
    }

    private static int jsonLength(int cp) {
        if (cp < 0x20) {
            return 6;
        }
        if (cp == '"' || cp == '\\') {
            return 2;
        }
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }
}
