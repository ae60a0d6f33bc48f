/** Ways in for people: the SSM bastion host (no SSH, no inbound rule); later an optional Client VPN. */
package dev.migratefirst.access;
