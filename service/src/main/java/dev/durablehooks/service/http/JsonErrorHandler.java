package dev.durablehooks.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Errors that Jetty itself answers (malformed HTTP, oversized headers) in the service's JSON error shape. */
public final class JsonErrorHandler extends ErrorHandler {
    private final ObjectMapper mapper;
    private final Errors errors;

    public JsonErrorHandler(ObjectMapper mapper) {
        this.mapper = mapper;
        this.errors = new Errors(mapper);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        byte[] body = bytes(code, message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(bytes(status, reason));
    }

    private byte[] bytes(int code, String message) {
        String text = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        try {
            return mapper.writeValueAsBytes(errors.of(code, text).body());
        } catch (JsonProcessingException e) {
            return "{\"error\":\"error\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }
}
