package org.layeranchor.serve;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty raises itself, before a request reaches {@link EmotionServer}'s routes
 * (a malformed request line, a bad Content-Length, headers or a URL over the limit, a request the
 * parser cannot read), in the service's documented JSON shape {"error": code, "message": text}
 * instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        byte[] body = EmotionServer.errorBody(codeFor(code), describe(code, message));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Errors found while parsing, when there is no request to hand to {@link #generateResponse}. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        fields.put(new HttpField(HttpHeader.CACHE_CONTROL, "no-store"));
        return ByteBuffer.wrap(EmotionServer.errorBody(codeFor(status), describe(status, reason)));
    }

    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 411 -> "length_required";
            case 413 -> "body_too_large";
            case 414 -> "url_too_long";
            case 431 -> "headers_too_large";
            case 500 -> "internal_error";
            case 501 -> "not_implemented";
            case 505 -> "http_version_not_supported";
            default -> "http_" + status;
        };
    }

    private static String describe(int status, String reason) {
        String r = reason == null || reason.isBlank() ? null : reason;
        return switch (status) {
            case 414 -> "the URL is longer than the " + EmotionServer.MAX_HEADER_BYTES + " bytes this server reads for "
                    + "a request line and headers";
            case 431 -> "the request's headers are larger than the " + EmotionServer.MAX_HEADER_BYTES + " bytes this "
                    + "server reads";
            case 400 -> "malformed HTTP request" + (r == null ? "" : ": " + r);
            default -> r == null ? "HTTP " + status : r;
        };
    }
}
