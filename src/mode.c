/*
 * mode.c - the registry of clustering modes, indexed by ndc_mode (as
 * zstd picks a block compressor from one table), and the lookups the
 * public API gives over it.  A new mode is one line here.
 */
#include <string.h>

#include "internal.h"

static const ndci_mode_ops *const registry[] = {
    [NDC_MODE_NEAR] = &ndci_near_ops,
    [NDC_MODE_STORY] = &ndci_story_ops,
    [NDC_MODE_TEMPLATE] = &ndci_template_ops,
};

#define N_MODES (sizeof(registry) / sizeof(registry[0]))

const ndci_mode_ops *
ndci_mode_ops_of(ndc_mode m)
{
    return (unsigned)m < N_MODES ? registry[m] : NULL;
}

const char *
ndc_mode_name(ndc_mode m)
{
    const ndci_mode_ops *ops = ndci_mode_ops_of(m);

    return ops != NULL ? ops->name : NULL;
}

const char *
ndc_mode_summary(ndc_mode m)
{
    const ndci_mode_ops *ops = ndci_mode_ops_of(m);

    return ops != NULL ? ops->summary : NULL;
}

ndc_status
ndc_mode_from_name(const char *name, ndc_mode *out)
{
    size_t i;

    if (name == NULL || out == NULL)
        return NDC_ERR_INVALID;
    for (i = 0; i < N_MODES; i++)
        if (strcmp(registry[i]->name, name) == 0) {
            *out = (ndc_mode)i;
            return NDC_OK;
        }
    return NDC_ERR_UNSUPPORTED;
}

bool
ndc_mode_uses(ndc_mode m, ndc_opt opt)
{
    const ndci_mode_ops *ops = ndci_mode_ops_of(m);

    return ops != NULL && (ops->opts & (unsigned)opt) != 0;
}

double
ndc_mode_threshold(ndc_mode m)
{
    const ndci_mode_ops *ops = ndci_mode_ops_of(m);

    return ops != NULL ? ops->default_threshold : -1.0;
}

bool
ndc_mode_labels(ndc_mode m)
{
    const ndci_mode_ops *ops = ndci_mode_ops_of(m);

    return ops != NULL && ops->label != NULL;
}
