/**
 * Ways in: for people, the SSM bastion host (no SSH, no inbound rule) and an optional AWS Client VPN endpoint;
 * for CI, the GitHub Actions deploy role (OIDC, no stored keys).
 */
package dev.migratefirst.access;
