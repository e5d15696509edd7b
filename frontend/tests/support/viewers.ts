// Viewers of each kind, as the server describes them (see backend/auth/roles.py).
import { ANONYMOUS, type Viewer } from '../../src/auth/viewer'

export function viewerOf(overrides: Partial<Viewer> = {}): Viewer {
  return {
    ...ANONYMOUS,
    authenticated: true,
    accountId: 'QWNjb3VudDox',
    displayName: 'wang',
    roles: ['GRID_WORKER'],
    capabilities: ['STRUCTURE_READ', 'PEOPLE_READ', 'PEOPLE_WRITE', 'PERSONAL_DATA_REVEAL'],
    landingApp: 'grid',
    ...overrides,
  }
}

export const gridWorker = viewerOf()

export const resident = viewerOf({
  displayName: 'zhang',
  roles: ['RESIDENT'],
  capabilities: ['CONSULTATIONS_READ', 'PEOPLE_READ', 'STRUCTURE_READ'],
  landingApp: 'consult',
})

export const divisionStaff = viewerOf({
  roles: ['DIVISION_STAFF'],
  capabilities: [
    'STRUCTURE_READ',
    'PEOPLE_READ',
    'PEOPLE_WRITE',
    'PERSONAL_DATA_REVEAL',
    'GRID_MANAGE',
    'CONSULTATIONS_READ',
  ],
  landingApp: 'admin',
})

export const departmentHandler = viewerOf({
  roles: ['DEPARTMENT_HANDLER'],
  capabilities: ['STRUCTURE_READ'],
  landingApp: 'admin',
})
