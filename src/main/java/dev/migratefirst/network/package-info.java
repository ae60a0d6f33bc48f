/** The MigrateFirst VPC: public, application and database tiers, an egress choice, endpoints, flow logs. */
package dev.migratefirst.network;
