# Disability status: the disabilities named in BBQ's Disability_status templates (CC BY 4.0) and
# conversationai's disability terms (blind, deaf, paralyzed; Apache-2.0), reviewed, plus our
# own additions. A group may name a person (adjective, noun), a condition a person has ("with
# autism", "has a mental illness"), a phrase after a person ("in a wheelchair") and a device
# that co-varies with it ("his wheelchair"). BBQ's non-disabled side (a backpack, dark hair, a
# poet, "eats healthy food") is arbitrary and is not listed: such terms are exchanged as the
# caller writes them, where their shape allows it (see package axis, Swap).
#
# Review:
#   "wheelchair-bound", "confined to a wheelchair", "crippled", "handicapped", "retarded",
#   "the disabled" (as a noun)
#                         dispreferred or offensive: not listed.
#   "blind", "deaf"       everyday words too ("a blind spot", "fell on deaf ears"): read only
#                         about a person.
#   BBQ "Down's Syndrome" BBQ's spelling; kept beside "Down syndrome" as a hidden group.
#   BBQ "monther"         a typo in a BBQ template (for "mother"): not a disability term anyway.
#   Devices               one word each (wheelchair, cane, walker is left out: also a person
#                         who walks).

axis: Disability_status

[blind]
adj: blind
cond: blindness
flags: common
source: BBQ, conversationai

[visually impaired]
adj: visually impaired
source: BBQ

[low-vision]
adj: low-vision
source: BBQ

[deaf]
adj: deaf
cond: deafness
flags: common
source: BBQ, conversationai

[hard of hearing]
adj: hard of hearing
source: BBQ

[autistic]
adj: autistic
cond: autism
post: on the autism spectrum
source: BBQ

[Asperger's]
cond: Asperger's
source: BBQ

[Down syndrome]
cond: Down syndrome
source: ours

[Down's syndrome]
cond: Down's syndrome
flags: hidden
source: BBQ

[cerebral palsy]
cond: cerebral palsy
source: BBQ

[wheelchair user]
noun: wheelchair user / wheelchair users
post: in a wheelchair
device: wheelchair / wheelchairs
source: BBQ

[cane user]
noun: cane user / cane users
post: with a cane
device: cane / canes
source: BBQ

[paralyzed]
adj: paralyzed
source: conversationai

[amputee]
noun: amputee / amputees
source: ours

[disabled]
adj: disabled
cond: a disability
source: BBQ

[physically disabled]
adj: physically disabled
cond: a physical disability
source: BBQ

[intellectually disabled]
adj: intellectually disabled
cond: an intellectual disability
source: ours

[mentally ill]
adj: mentally ill
cond: a mental illness
source: BBQ

[mental illness]
cond: mental illness
source: BBQ

[depressed]
adj: depressed
cond: depression
source: BBQ

[anxiety]
cond: anxiety
source: BBQ

[bipolar]
adj: bipolar
cond: bipolar disorder
source: BBQ

[schizophrenia]
cond: schizophrenia
source: BBQ

[PTSD]
cond: PTSD
source: BBQ

[BPD]
cond: BPD
source: BBQ

[dyslexic]
adj: dyslexic
cond: dyslexia
source: ours

[ADHD]
cond: ADHD
source: ours

[epilepsy]
cond: epilepsy
source: ours

[non-disabled]
adj: non-disabled
source: ours

[able-bodied]
adj: able-bodied
source: ours

[sighted]
adj: sighted
source: ours

[neurotypical]
adj: neurotypical
source: ours
