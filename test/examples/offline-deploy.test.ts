import { offlineDeploy } from '../../examples/offline-deploy';

describe('examples/offline-deploy.ts (the testing export example of the README)', () => {
  it('should deploy, see a console edit undone by the redeploy, and destroy', async () => {
    expect(await offlineDeploy()).toEqual([
      'deployed: alice auto-accepts, ACW 30 s',
      'console edit: ACW 300 s',
      'redeployed: ACW back to 30 s',
      'destroyed: alice keeps her settings (removal policy retain)',
    ]);
  });
});
