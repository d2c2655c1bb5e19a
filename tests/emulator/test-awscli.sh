#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Self-test: Debian's AWS CLI v2 runs every Security Hub operation the emulator answers, and STS, against it, and sees the state change.
#
# The calls of one region run in order; regions run at the same time (each aws
# process takes about half a second to start). All checks come at the end.
set -u
EMU_HERE=$(cd "$(dirname "$0")" && pwd)
. "$EMU_HERE/lib.sh"

for tool in "$EMU_PYTHON" "$EMU_AWS" /usr/bin/faketime; do
	if [ ! -x "$tool" ]; then
		echo "SKIP: $tool is not installed"
		exit 77
	fi
done

emu_start "$EMU_HERE/seeds/demo.json"

E1=5c837dea8968bab936d13f41f198a99c   # 222222222222 -> 111111111111, us-east-1
E1B=e808ecb6adb8d27d8e63fd59f939861c  # 333333333333 -> 111111111111, us-east-1
W1=6894df399d10a854f3a55643d6a2d7e0   # 333333333333 -> 111111111111, eu-west-1

use1() {
	local r=(--region us-east-1)
	emu_aws use1.describe securityhub describe-hub "${r[@]}"
	emu_aws use1.list0 securityhub list-invitations "${r[@]}"
	emu_aws use1.count0 securityhub get-invitations-count "${r[@]}"
	emu_aws use1.admin0 securityhub get-administrator-account "${r[@]}"
	emu_aws use1.accept securityhub accept-administrator-invitation "${r[@]}" \
		--administrator-id 222222222222 --invitation-id $E1
	emu_aws use1.admin1 securityhub get-administrator-account "${r[@]}"
	emu_aws use1.list1 securityhub list-invitations "${r[@]}"
	emu_aws use1.accept2 securityhub accept-administrator-invitation "${r[@]}" \
		--administrator-id 333333333333 --invitation-id $E1B
	emu_aws use1.disassoc securityhub disassociate-from-administrator-account "${r[@]}"
	emu_aws use1.admin2 securityhub get-administrator-account "${r[@]}"
}

euw1() {
	local r=(--region eu-west-1)
	emu_aws euw1.accept securityhub accept-invitation "${r[@]}" \
		--master-id 333333333333 --invitation-id $W1
	emu_aws euw1.master1 securityhub get-master-account "${r[@]}"
	emu_aws euw1.disassoc securityhub disassociate-from-master-account "${r[@]}"
	emu_aws euw1.decline securityhub decline-invitations "${r[@]}" \
		--account-ids 222222222222 999999999999
	emu_aws euw1.list securityhub list-invitations "${r[@]}"
	emu_aws euw1.master2 securityhub get-master-account "${r[@]}"
}

apse2() {
	local r=(--region ap-southeast-2)
	emu_aws apse2.delete securityhub delete-invitations "${r[@]}" --account-ids 222222222222
	emu_aws apse2.list securityhub list-invitations "${r[@]}"
	emu_aws apse2.count securityhub get-invitations-count "${r[@]}"
}

usw2() {
	local r=(--region us-west-2)
	emu_aws usw2.describe0 securityhub describe-hub "${r[@]}"
	emu_aws usw2.enable securityhub enable-security-hub "${r[@]}" --no-enable-default-standards
	emu_aws usw2.describe1 securityhub describe-hub "${r[@]}"
	emu_aws usw2.enable2 securityhub enable-security-hub "${r[@]}"
}

sts() {
	emu_aws sts.whoami sts get-caller-identity --region us-east-1
	emu_aws sts.assume sts assume-role --region us-east-1 \
		--role-arn arn:aws:iam::444444444444:role/EmuDemoMember --role-session-name emu-test
	local key secret token
	key=$(emu_json "$EMU_DIR/sts.assume.out" 'd["Credentials"]["AccessKeyId"]')
	secret=$(emu_json "$EMU_DIR/sts.assume.out" 'd["Credentials"]["SecretAccessKey"]')
	token=$(emu_json "$EMU_DIR/sts.assume.out" 'd["Credentials"]["SessionToken"]')
	EMU_AWS_KEY=$key EMU_AWS_SECRET=$secret EMU_AWS_TOKEN=$token \
		emu_aws sts.role sts get-caller-identity --region eu-west-1
	EMU_AWS_KEY=$key EMU_AWS_SECRET=$secret EMU_AWS_TOKEN=$token \
		emu_aws sts.roleadmin securityhub get-administrator-account --region eu-west-1
}

creds() {
	EMU_AWS_KEY= EMU_AWS_ENV="AWS_EC2_METADATA_SERVICE_ENDPOINT=$EMU_URL/" \
		emu_aws creds.imds sts get-caller-identity --region us-east-1
	EMU_AWS_KEY= EMU_AWS_ENV="AWS_EC2_METADATA_DISABLED=true AWS_CONTAINER_CREDENTIALS_FULL_URI=$EMU_URL/_emu/container-credentials AWS_CONTAINER_AUTHORIZATION_TOKEN=emu-demo-container-token" \
		emu_aws creds.container securityhub get-invitations-count --region us-east-1
}

bad() {
	EMU_AWS_SECRET=not-the-right-secret \
		emu_aws bad.secret securityhub list-invitations --region us-east-1
	EMU_AWS_PREFIX="/usr/bin/faketime -f -20m" \
		emu_aws bad.past securityhub get-invitations-count --region us-east-1
	EMU_AWS_PREFIX="/usr/bin/faketime -f +20m" \
		emu_aws bad.future sts get-caller-identity --region us-east-1
	EMU_AWS_KEY=ASIAEMUDEMOEXPIRED01 EMU_AWS_SECRET=emuDemoExpiredKey/111111111111/EXAMPLEKY \
		EMU_AWS_TOKEN=IQoJb3JpZ2luX2VjEMU/emu+demo+expired+token/111111111111== \
		emu_aws bad.expired securityhub describe-hub --region us-east-1
	emu_aws bad.optin securityhub describe-hub --region ap-east-1
}

use1 & p1=$!
euw1 & p2=$!
apse2 & p3=$!
usw2 & p4=$!
sts & p5=$!
bad & p6=$!
creds & p7=$!
wait $p1 $p2 $p3 $p4 $p5 $p6 $p7
# one call per aws command; the two credential fetches add IMDS/container calls
n_calls=$(ls "$EMU_DIR"/*.rc | wc -l)

# us-east-1: read, accept, second accept refused, disassociate
expect_json use1.describe 'd["HubArn"]' arn:aws:securityhub:us-east-1:111111111111:hub/default "describe-hub"
expect_json use1.describe '[d["SubscribedAt"], d["AutoEnableControls"]]' '["2026-03-02T10:00:00.000Z", true]' "describe-hub SubscribedAt"
expect_json use1.list0 '[i["AccountId"] for i in d["Invitations"]]' '["222222222222", "333333333333"]' "list-invitations"
expect_json use1.list0 'd["Invitations"][0]["InvitedAt"]' 2026-11-20T09:15:00+00:00 "aws parses InvitedAt"
expect_json use1.count0 'd["InvitationsCount"]' 2 "get-invitations-count"
expect_empty use1.admin0 "get-administrator-account with no administrator prints nothing"
expect_empty use1.accept "accept-administrator-invitation"
expect_json use1.admin1 '[d["Administrator"][k] for k in ("AccountId", "InvitationId", "MemberStatus")]' \
	"[\"222222222222\", \"$E1\", \"Enabled\"]" "after accept: administrator 222222222222 Enabled"
expect_json use1.list1 '[i["AccountId"] for i in d["Invitations"]]' '["333333333333"]' "after accept: invitation no longer pending"
expect_error use1.accept2 "(InvalidInputException) when calling the AcceptAdministratorInvitation operation: Account 111111111111 already has an administrator account (222222222222)" \
	"a second accept is refused"
expect_empty use1.disassoc "disassociate-from-administrator-account"
expect_empty use1.admin2 "after disassociate: no administrator"

# eu-west-1: the legacy calls, decline with an unprocessed account
expect_empty euw1.accept "accept-invitation (legacy)"
expect_json euw1.master1 '[d["Master"]["AccountId"], d["Master"]["MemberStatus"]]' '["333333333333", "Enabled"]' "get-master-account after accept-invitation"
expect_empty euw1.disassoc "disassociate-from-master-account"
expect_json euw1.decline 'd["UnprocessedAccounts"][0]["AccountId"]' 999999999999 "decline-invitations reports the account with no invitation"
expect_json euw1.decline 'len(d["UnprocessedAccounts"])' 1 "decline-invitations processed 222222222222"
expect_json euw1.list 'd["Invitations"]' '[]' "after decline: no invitation left"
expect_empty euw1.master2 "after disassociate-from-master-account: no administrator"

# ap-southeast-2: delete
expect_json apse2.delete 'd["UnprocessedAccounts"]' '[]' "delete-invitations"
expect_json apse2.list '[[i["AccountId"], i["MemberStatus"]] for i in d["Invitations"]]' '[["333333333333", "invited"]]' "after delete: the other invitation stays, status as seeded"
expect_json apse2.count 'd["InvitationsCount"]' 1 "get-invitations-count after delete"

# us-west-2: not enabled, enable, enable again
expect_error usw2.describe0 "(InvalidAccessException) when calling the DescribeHub operation: Account 111111111111 is not subscribed to AWS Security Hub" "describe-hub where Security Hub is not enabled"
expect_empty usw2.enable "enable-security-hub"
expect_json usw2.describe1 'd["HubArn"]' arn:aws:securityhub:us-west-2:111111111111:hub/default "describe-hub after enable"
expect_error usw2.enable2 "(ResourceConflictException)" "enable-security-hub twice"

# STS
expect_json sts.whoami '[d["Account"], d["Arn"], d["UserId"]]' '["111111111111", "arn:aws:iam::111111111111:user/emu-demo", "AIDAEMUDEMO111111111"]' "sts get-caller-identity"
expect_json sts.assume 'd["AssumedRoleUser"]["Arn"]' arn:aws:sts::444444444444:assumed-role/EmuDemoMember/emu-test "sts assume-role"
expect_json sts.role 'd["Arn"]' arn:aws:sts::444444444444:assumed-role/EmuDemoMember/emu-test "get-caller-identity with the role's keys"
expect_json sts.roleadmin 'd["Administrator"]["AccountId"]' 222222222222 "the role's keys act in 444444444444"

# credentials from the instance metadata service and the container endpoint
expect_json creds.imds 'd["Arn"]' arn:aws:sts::111111111111:assumed-role/EmuDemoInstance/i-0e0e0e0e0e0e0e0e0 "aws takes keys from the emulator's IMDSv2"
expect_json creds.container 'd["InvitationsCount"]' 1 "aws takes keys from the emulator's container endpoint (444444444444)"

# failures
expect_error bad.secret "(InvalidSignatureException) when calling the ListInvitations operation: The request signature we calculated does not match the signature you provided" "wrong secret"
expect_error bad.past "(InvalidSignatureException) when calling the GetInvitationsCount operation: Signature expired: " "client clock 20 minutes behind"
expect_error bad.future "(SignatureDoesNotMatch) when calling the GetCallerIdentity operation: Signature not yet current: " "client clock 20 minutes ahead (STS)"
expect_error bad.expired "(ExpiredTokenException) when calling the DescribeHub operation: The security token included in the request is expired" "expired session token"
expect_error bad.optin "(UnrecognizedClientException) when calling the DescribeHub operation: The security token included in the request is invalid" "region not opted in"

# the call log: one call per aws command (none of these errors is retried),
# every Security Hub operation answered with 200 at least once
emu_ctl GET calls >"$EMU_DIR/calls.json"
got=$(emu_json "$EMU_DIR/calls.json" 'len([c for c in d if c["service"] in ("securityhub", "sts")])')
if [ "$got" = "$n_calls" ]; then emu_pass; else emu_fail "the log has one call per aws command" "want $n_calls, got $got"; fi
want='["AcceptAdministratorInvitation", "AcceptInvitation", "DeclineInvitations", "DeleteInvitations", "DescribeHub", "DisassociateFromAdministratorAccount", "DisassociateFromMasterAccount", "EnableSecurityHub", "GetAdministratorAccount", "GetInvitationsCount", "GetMasterAccount", "ListInvitations"]'
got=$(emu_json "$EMU_DIR/calls.json" 'sorted({c["operation"] for c in d if c["service"] == "securityhub" and c["status"] == 200})')
if [ "$got" = "$want" ]; then emu_pass; else emu_fail "aws ran every operation successfully" "got $got"; fi

# 120 invitations: aws follows NextToken through 5 pages of 25
emu_ctl POST calls/clear >/dev/null
if emu_ctl POST state "$(cat "$EMU_HERE/seeds/many.json")" >/dev/null; then emu_pass; else emu_fail "POST /_emu/state many.json"; fi
emu_aws many.list securityhub list-invitations --region us-east-1
expect_json many.list 'len({i["InvitationId"] for i in d["Invitations"]})' 120 "list-invitations pages through 120 invitations"
emu_ctl GET calls >"$EMU_DIR/calls.json"
got=$(emu_json "$EMU_DIR/calls.json" '[c["status"] for c in d]')
if [ "$got" = "[200, 200, 200, 200, 200]" ]; then emu_pass; else emu_fail "5 pages requested" "got $got"; fi

emu_finish test-awscli
