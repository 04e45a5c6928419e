import type { ResolvedTerritory } from '@trame/domain';
import { chordKm, KM_PER_DEGREE, unitVector } from '../geo/haversine';
import type { MemberView, ProjectView } from '../model/entities';
import { grown } from '../model/typed-arrays';

/**
 * Word `word` (0 or 1) of a two-word Bloom filter of skill codes: code c sets bit c % 32 of
 * word (c >> 5) & 1, so the first 64 codes never collide.
 */
export const skillMaskOf = (terms: readonly { code: number }[], word: number): number => {
  let mask = 0;
  for (let i = 0; i < terms.length; i++) if (((terms[i].code >> 5) & 1) === word) mask |= 1 << (terms[i].code & 31);
  return mask;
};

/**
 * Whether a project place might be within reach of one of a member's circles: the
 * latitude difference alone is a lower bound of the distance (a margin far above rounding).
 */
export const withinReach = (circles: readonly ResolvedTerritory[], lat: number, radiusKm: number): boolean => {
  for (const t of circles) {
    if (t.kind === 'radius' && Math.abs(t.lat - lat) * KM_PER_DEGREE <= Math.min(t.radiusKm, radiusKm) + 1e-6) return true;
  }
  return false;
};

/** What rules a project out for a member without reading its facts, by project index. */
export class ProjectScreen {
  /** Skill masks (two words, see `skillMaskOf`) of the needs of an active project (0 otherwise: it matches nobody). */
  skillMask = new Int32Array(2048);
  remote = new Uint8Array(1024);
  lat = new Float64Array(1024);
  radius = new Float64Array(1024);

  set(p: number, project: ProjectView | undefined): void {
    if (p >= this.remote.length) {
      const size = p + 1;
      this.skillMask = grown(this.skillMask, 2 * size);
      this.remote = grown(this.remote, size);
      this.lat = grown(this.lat, size);
      this.radius = grown(this.radius, size);
    }
    const skills = project && project.status === 'active' ? project.needs.flatMap((n) => n.skills) : [];
    this.skillMask[2 * p] = skillMaskOf(skills, 0);
    this.skillMask[2 * p + 1] = skillMaskOf(skills, 1);
    this.remote[p] = project?.remoteFriendly ? 1 : 0;
    this.lat[p] = project?.location.lat ?? 0;
    this.radius[p] = project?.radiusKm ?? 0;
  }
}

/** Circles of a member kept for screening by place (members with more are not screened). */
const CIRCLES_SCREENED = 2;
const UNSCREENED = 255;

/**
 * What rules a member out for a project without reading their facts, by member index: the
 * skill masks (two words each, see `skillMaskOf`) and their circles (CIRCLES_SCREENED of
 * them, x y z radius each, see `chordKm`) with how many they are (UNSCREENED: an area or
 * more circles), to rule out by place the candidates a project's grid cells hold but none
 * of whose circles reaches it.
 */
export class MemberScreen {
  skillMask: Int32Array = new Int32Array(2048);
  private circles: Float64Array = new Float64Array(1024 * 4 * CIRCLES_SCREENED);
  private circleCount: Uint8Array = new Uint8Array(1024);

  set(m: number, member: MemberView | undefined): void {
    if (2 * m + 1 >= this.skillMask.length) this.skillMask = grown(this.skillMask, 2 * m + 2);
    this.skillMask[2 * m] = member ? skillMaskOf(member.skills, 0) : 0;
    this.skillMask[2 * m + 1] = member ? skillMaskOf(member.skills, 1) : 0;
    if (m >= this.circleCount.length) {
      this.circleCount = grown(this.circleCount, m + 1);
      this.circles = grown(this.circles, this.circleCount.length * 4 * CIRCLES_SCREENED);
    }
    const territories = member?.territories ?? [];
    if (territories.length > CIRCLES_SCREENED || territories.some((t) => t.kind !== 'radius')) {
      this.circleCount[m] = UNSCREENED;
      return;
    }
    this.circleCount[m] = territories.length;
    territories.forEach((t, i) => {
      if (t.kind !== 'radius') return;
      const at = (m * CIRCLES_SCREENED + i) * 4;
      this.circles.set(unitVector(t.lat, t.lon), at);
      this.circles[at + 3] = t.radiusKm;
    });
  }

  /**
   * Whether one of a member's territories may place a project at (x, y, z) with this
   * radius: the distance test scoring applies to circles (the same computation), areas
   * always pass.
   */
  mayPlace(m: number, x: number, y: number, z: number, radiusKm: number): boolean {
    const count = this.circleCount[m];
    if (count === UNSCREENED) return true;
    const c = this.circles;
    for (let i = 0, at = m * CIRCLES_SCREENED * 4; i < count; i++, at += 4) {
      if (chordKm(x, y, z, c[at], c[at + 1], c[at + 2]) <= Math.min(c[at + 3], radiusKm) + 1e-9) return true;
    }
    return false;
  }
}
