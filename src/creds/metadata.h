/* SPDX-License-Identifier: Apache-2.0 */
/* creds/metadata.h: which container agent addresses credentials may be fetched from. */
#ifndef SHTUI_CREDS_METADATA_H
#define SHTUI_CREDS_METADATA_H

#include <stdbool.h>

#include "aws_config.h"

struct job;

/* Whether AWS_CONTAINER_CREDENTIALS_FULL_URI may be fetched, as the
 * current SDKs allow: any https URL; http only to a loopback address
 * (127.0.0.0/8, ::1, localhost) or the ECS and EKS agents
 * (169.254.170.2, 169.254.170.23, fd00:ec2::23). Any thread. */
bool creds_metadata_container_url_allowed(const char *url);

/* A job asking EC2 instance metadata (IMDSv2, as `cfg` sets it up) for the
 * instance's region: its result is {"Region": NAME}, or an error when
 * there is none to ask. For when nothing else names a region. NULL when
 * out of memory. */
struct job *creds_metadata_region_new(const struct aws_config *cfg);

#endif
