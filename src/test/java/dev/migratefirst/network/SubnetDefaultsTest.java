package dev.migratefirst.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.access.SsmBastion;
import dev.migratefirst.database.PostgresDatabase;
import dev.migratefirst.internal.ValidationException;
import dev.migratefirst.migration.MigrationTask;
import dev.migratefirst.migration.MigrationWorkflow;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.constructs.IConstruct;

/**
 * The default subnets of every construct on every VPC shape, with no subnet prop anywhere: one stack holding
 * a database, a bastion and a migration task + workflow on each of MigrateFirstVpc (NAT and NONE), a default
 * {@code ec2.Vpc}, an isolated-only VPC and two {@code Vpc.fromVpcAttributes} imports, synthesized once.
 */
class SubnetDefaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Stack stack;
    private static Map<String, Object> resources;
    private static final Map<String, Shape> SHAPES = new java.util.LinkedHashMap<>();

    /** The constructs placed on one VPC shape, with no subnet prop. */
    private static final class Shape {
        final IVpc vpc;
        final PostgresDatabase database;
        final SsmBastion bastion;
        final MigrationWorkflow workflow;

        Shape(String name, IVpc vpc) {
            this.vpc = vpc;
            this.database = PostgresDatabase.Builder.create(stack, name + "Db").vpc(vpc).enableAlarms(false).build();
            this.bastion = SsmBastion.Builder.create(stack, name + "Bastion").vpc(vpc).build();
            MigrationTask task = MigrationTask.Builder.create(stack, name + "Task").vpc(vpc).database(database)
                    .image(ContainerImage.fromRegistry("public.ecr.aws/example/app:1.0")).build();
            this.workflow = MigrationWorkflow.Builder.create(stack, name + "Workflow").task(task).build();
        }
    }

    @SuppressWarnings("unchecked")
    @BeforeAll
    static void synth() {
        App app = new App();
        stack = new Stack(app, "Shapes");
        SHAPES.put("Nat", new Shape("Nat", MigrateFirstVpc.Builder.create(stack, "NatNetwork").natGateways(1)
                .flowLogs(false).build().getVpc()));
        SHAPES.put("None", new Shape("None", MigrateFirstVpc.Builder.create(stack, "NoneNetwork").egress(Egress.NONE)
                .flowLogs(false).build().getVpc()));
        SHAPES.put("Default", new Shape("Default", Vpc.Builder.create(stack, "DefaultVpc").maxAzs(2).natGateways(1)
                .build()));
        SHAPES.put("IsolatedOnly", new Shape("IsolatedOnly", Vpc.Builder.create(stack, "IsolatedVpc").maxAzs(2)
                .natGateways(0).subnetConfiguration(List.of(SubnetConfiguration.builder().name("Isolated")
                        .subnetType(SubnetType.PRIVATE_ISOLATED).build())).build()));
        SHAPES.put("Imported", new Shape("Imported", Vpc.fromVpcAttributes(stack, "ImportedVpc", VpcAttributes.builder()
                .vpcId("vpc-0123456789abcdef0")
                .availabilityZones(List.of("eu-west-1a", "eu-west-1b"))
                .publicSubnetIds(List.of("subnet-pa", "subnet-pb"))
                .privateSubnetIds(List.of("subnet-0a", "subnet-0b"))
                .isolatedSubnetIds(List.of("subnet-1a", "subnet-1b"))
                .build())));
        // A MigrateFirstVpc with egress NONE as another stack exports it: both private tiers are isolated.
        SHAPES.put("ImportedTiers", new Shape("ImportedTiers", Vpc.fromVpcAttributes(stack, "ImportedTiersVpc",
                VpcAttributes.builder()
                        .vpcId("vpc-0fedcba9876543210")
                        .availabilityZones(List.of("eu-west-1a", "eu-west-1b"))
                        .isolatedSubnetIds(List.of("subnet-app-a", "subnet-app-b", "subnet-db-a", "subnet-db-b"))
                        .isolatedSubnetNames(List.of("Application", "Database"))
                        .build())));
        resources = (Map<String, Object>) Template.fromStack(stack).toJSON().get("Resources");
    }

    @Test
    void migrateFirstVpcPutsTasksInTheApplicationTierAndTheDatabaseInTheDatabaseTier() {
        for (String shape : List.of("Nat", "None", "ImportedTiers")) {
            assertPlacement(shape, group("Application"), group("Database"));
        }
    }

    @Test
    void defaultVpcPutsEverythingInItsPrivateSubnetsWithEgress() {
        Shape s = SHAPES.get("Default");
        assertThat(s.vpc.getIsolatedSubnets()).isEmpty();
        assertPlacement("Default", type(SubnetType.PRIVATE_WITH_EGRESS), type(SubnetType.PRIVATE_WITH_EGRESS));
        assertThat(json(resource(subnetGroup(s.database)))).doesNotContain(ids(s.vpc, type(SubnetType.PUBLIC)));
    }

    @Test
    void isolatedOnlyVpcUsesItsOneIsolatedGroup() {
        assertPlacement("IsolatedOnly", type(SubnetType.PRIVATE_ISOLATED), type(SubnetType.PRIVATE_ISOLATED));
    }

    @Test
    void importedVpcPutsTasksInPrivateAndTheDatabaseInIsolatedSubnets() {
        assertPlacement("Imported", type(SubnetType.PRIVATE_WITH_EGRESS), type(SubnetType.PRIVATE_ISOLATED));
        assertThat(json(resource(subnetGroup(SHAPES.get("Imported").database)))).contains("subnet-1a", "subnet-1b");
    }

    @Test
    void egressNoneRoutesS3FromEveryPrivateRouteTable() {
        String endpoints = json(resources.values().stream().filter(r -> json(r).contains("AWS::EC2::VPCEndpoint")
                && json(r).contains("\"Gateway\"") && json(r).contains("NoneNetwork")).collect(Collectors.toList()));
        assertThat(endpoints).contains("NoneNetworkApplicationSubnet1RouteTable", "NoneNetworkApplicationSubnet2RouteTable",
                "NoneNetworkDatabaseSubnet1RouteTable", "NoneNetworkDatabaseSubnet2RouteTable");
    }

    @Test
    void aVpcWithoutFittingSubnetsFailsNamingTheConstructAndTheProp() {
        Stack bad = new Stack(new App(), "Bad");
        Vpc publicOnly = Vpc.Builder.create(bad, "PublicOnly").maxAzs(2).natGateways(0).subnetConfiguration(List.of(
                SubnetConfiguration.builder().name("Public").subnetType(SubnetType.PUBLIC).build())).build();
        assertThatThrownBy(() -> PostgresDatabase.Builder.create(bad, "Db").vpc(publicOnly).build())
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("Bad/Db: vpcSubnets: has no default: the VPC has no isolated or private subnets");
        assertThatThrownBy(() -> SsmBastion.Builder.create(bad, "Bastion").vpc(publicOnly).build())
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("Bad/Bastion: vpcSubnets: has no default: the VPC has no private or isolated");
        Vpc twoIsolated = Vpc.Builder.create(bad, "TwoIsolated").maxAzs(2).natGateways(0).subnetConfiguration(List.of(
                SubnetConfiguration.builder().name("Red").subnetType(SubnetType.PRIVATE_ISOLATED).build(),
                SubnetConfiguration.builder().name("Blue").subnetType(SubnetType.PRIVATE_ISOLATED).build())).build();
        assertThatThrownBy(() -> MigrateFirstVpc.Builder.create(bad, "Wrapped").vpc(twoIsolated).build())
                .isInstanceOf(ValidationException.class)
                .hasMessage("Bad/Wrapped: applicationSubnets: has no default: the VPC's isolated subnet groups [Red, Blue] "
                        + "hold no single application tier (name it 'Application' or give applicationSubnets explicitly)");
    }

    /** Tasks, bastion and rotation in {@code app}; the database in {@code db}; tasks never in the database tier. */
    private static void assertPlacement(String name, SubnetSelection app, SubnetSelection db) {
        Shape s = SHAPES.get(name);
        String[] appIds = ids(s.vpc, app);
        String[] dbIds = ids(s.vpc, db);
        String subnetGroup = json(resource(subnetGroup(s.database)));
        String workflow = json(resource(s.workflow.getStateMachine()));
        String bastion = json(resource(s.bastion.getInstance()));
        String rotation = json(resource(s.database.getRotation()));
        assertThat(subnetGroup).as(name + " database").contains(dbIds);
        assertThat(workflow).as(name + " RunTask").contains(appIds);
        assertThat(rotation).as(name + " rotation").contains(appIds);
        assertThat(bastion).as(name + " bastion").containsAnyOf(appIds);
        if (!app.equals(db) && !List.of(appIds).equals(List.of(dbIds))) {
            for (String dbId : dbIds) {
                assertThat(workflow).as(name + " RunTask").doesNotContain(dbId);
                assertThat(bastion).as(name + " bastion").doesNotContain(dbId);
                assertThat(rotation).as(name + " rotation").doesNotContain(dbId);
            }
        }
    }

    private static SubnetSelection group(String name) {
        return SubnetSelection.builder().subnetGroupName(name).build();
    }

    private static SubnetSelection type(SubnetType type) {
        return SubnetSelection.builder().subnetType(type).build();
    }

    /** The subnet ids of {@code selection} as they appear in the template: {@code {"Ref":"..."}} or a literal. */
    private static String[] ids(IVpc vpc, SubnetSelection selection) {
        return vpc.selectSubnets(selection).getSubnetIds().stream().map(id -> json(stack.resolve(id)))
                .map(j -> j.startsWith("\"") ? j.substring(1, j.length() - 1) : j)
                .toArray(String[]::new);
    }

    private static IConstruct subnetGroup(PostgresDatabase db) {
        return db.getDatabaseInstance().getNode().findChild("SubnetGroup");
    }

    private static Object resource(IConstruct construct) {
        IConstruct element = construct instanceof CfnElement ? construct : construct.getNode().getDefaultChild();
        String logicalId = stack.resolve(((CfnElement) element).getLogicalId()).toString();
        return resources.get(logicalId);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
