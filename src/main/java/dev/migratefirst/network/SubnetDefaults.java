package dev.migratefirst.network;

import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;

/** The subnet selections the MigrateFirst constructs fall back to when none is given. */
public final class SubnetDefaults {
    private SubnetDefaults() {
    }

    /**
     * Where workloads run by default: the VPC's private subnets with egress when it has any, else its
     * isolated subnets (a VPC without NAT, which reaches AWS through VPC endpoints).
     */
    public static SubnetSelection privateSubnets(IVpc vpc) {
        return SubnetSelection.builder().subnetType(vpc.getPrivateSubnets().isEmpty()
                ? SubnetType.PRIVATE_ISOLATED : SubnetType.PRIVATE_WITH_EGRESS).build();
    }
}
