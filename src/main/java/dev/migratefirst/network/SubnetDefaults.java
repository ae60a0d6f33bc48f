package dev.migratefirst.network;

import static dev.migratefirst.internal.Validation.check;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.constructs.IConstruct;

/**
 * The subnet selections the MigrateFirst constructs fall back to when none is given, for any VPC shape
 * (a {@link MigrateFirstVpc}, a default {@code ec2.Vpc}, an isolated-only VPC, an imported one). Subnet
 * groups are recognised by name the way CDK names them (the construct id of a subnet without its
 * {@code Subnet<n>} suffix, for created and for {@code Vpc.fromVpcAttributes} VPCs alike).
 *
 * <table>
 *   <caption>Defaults per VPC shape</caption>
 *   <tr><th>VPC</th><th>{@link #applicationSubnets} (tasks, bastion, rotation)</th><th>{@link #databaseSubnets}</th></tr>
 *   <tr><td>has a private or isolated group {@value MigrateFirstVpc#APPLICATION_SUBNETS}</td>
 *       <td>that group</td><td>group {@value MigrateFirstVpc#DATABASE_SUBNETS} when isolated, else as below</td></tr>
 *   <tr><td>private subnets with egress (default {@code ec2.Vpc})</td><td>{@code PRIVATE_WITH_EGRESS}</td>
 *       <td>{@code PRIVATE_ISOLATED} when the VPC has isolated subnets, else {@code PRIVATE_WITH_EGRESS}</td></tr>
 *   <tr><td>isolated subnets only</td><td>the one isolated group that is not {@value MigrateFirstVpc#DATABASE_SUBNETS}
 *       (error when there are several)</td><td>{@code PRIVATE_ISOLATED}</td></tr>
 *   <tr><td>public subnets only</td><td>error</td><td>error</td></tr>
 * </table>
 * Tasks never default to public subnets nor to the database tier (with egress {@code NONE} only the
 * application tier has the S3 gateway route and the interface endpoints an image pull needs).
 */
public final class SubnetDefaults {
    private SubnetDefaults() {
    }

    /**
     * Where tasks, the bastion and the rotation Lambda run by default; see the class table.
     *
     * @param scope the construct whose prop this is the default of (named in the error)
     * @param prop  the prop that takes an explicit selection (named in the error)
     * @throws dev.migratefirst.internal.ValidationException when the VPC has no subnets that fit
     */
    public static SubnetSelection applicationSubnets(IConstruct scope, IVpc vpc, String prop) {
        if (hasGroup(vpc.getPrivateSubnets(), MigrateFirstVpc.APPLICATION_SUBNETS)
                || hasGroup(vpc.getIsolatedSubnets(), MigrateFirstVpc.APPLICATION_SUBNETS)) {
            return SubnetSelection.builder().subnetGroupName(MigrateFirstVpc.APPLICATION_SUBNETS).build();
        }
        if (!vpc.getPrivateSubnets().isEmpty()) {
            return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
        }
        Set<String> isolated = groupNames(vpc.getIsolatedSubnets());
        check(!isolated.isEmpty(), scope, prop, "has no default: the VPC has no private or isolated subnets "
                + "(tasks never go to public subnets); give " + prop + " explicitly");
        if (isolated.size() == 1 && !isolated.contains(MigrateFirstVpc.DATABASE_SUBNETS)) {
            return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
        }
        List<String> candidates = new ArrayList<>(isolated);
        candidates.remove(MigrateFirstVpc.DATABASE_SUBNETS);
        check(candidates.size() == 1, scope, prop, "has no default: the VPC's isolated subnet groups " + isolated
                + " hold no single application tier (name it '" + MigrateFirstVpc.APPLICATION_SUBNETS
                + "' or give " + prop + " explicitly)");
        return SubnetSelection.builder().subnetGroupName(candidates.get(0)).build();
    }

    /**
     * Where the database goes by default: the isolated group {@value MigrateFirstVpc#DATABASE_SUBNETS} when the
     * VPC has it, else its isolated subnets, else its private subnets with egress; never public.
     *
     * @throws dev.migratefirst.internal.ValidationException when the VPC has neither isolated nor private subnets
     */
    public static SubnetSelection databaseSubnets(IConstruct scope, IVpc vpc, String prop) {
        if (hasGroup(vpc.getIsolatedSubnets(), MigrateFirstVpc.DATABASE_SUBNETS)) {
            return SubnetSelection.builder().subnetGroupName(MigrateFirstVpc.DATABASE_SUBNETS).build();
        }
        if (!vpc.getIsolatedSubnets().isEmpty()) {
            return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
        }
        check(!vpc.getPrivateSubnets().isEmpty(), scope, prop, "has no default: the VPC has no isolated or private "
                + "subnets (a database never goes to public subnets); give " + prop + " explicitly");
        return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
    }

    /**
     * The old default, kept for callers of 0.1: now the same as {@link #applicationSubnets}, failing on the VPC's
     * own path.
     *
     * @deprecated use {@link #applicationSubnets(IConstruct, IVpc, String)}, which names the construct and prop
     */
    @Deprecated
    public static SubnetSelection privateSubnets(IVpc vpc) {
        return applicationSubnets(vpc, vpc, "vpcSubnets");
    }

    /** The subnet group of {@code subnet} as CDK names it: its construct id without {@code Subnet<n>}. */
    static String groupName(ISubnet subnet) {
        return subnet.getNode().getId().replaceAll("Subnet\\d+$", "");
    }

    private static Set<String> groupNames(List<ISubnet> subnets) {
        Set<String> names = new LinkedHashSet<>();
        subnets.forEach(s -> names.add(groupName(s)));
        return names;
    }

    private static boolean hasGroup(List<ISubnet> subnets, String name) {
        return subnets.stream().anyMatch(s -> name.equals(groupName(s)));
    }
}
