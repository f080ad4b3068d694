package io.gatehouse.config;

/**
 * {@code gatehouse.forward-auth.proxy}: which front proxy asks {@code /_gatehouse/verify}, and so which one family
 * of headers names the original request. YAML spells these {@code nginx}, {@code traefik} and {@code caddy}.
 */
public enum FrontProxy {

    /** nginx {@code auth_request}: {@code X-Original-URI}, {@code X-Original-Method} and {@code Host}. */
    NGINX,

    /** Traefik ForwardAuth: {@code X-Forwarded-Uri}, {@code X-Forwarded-Method}, {@code X-Forwarded-Host}. */
    TRAEFIK,

    /** Caddy {@code forward_auth}: the same headers as Traefik. */
    CADDY
}
